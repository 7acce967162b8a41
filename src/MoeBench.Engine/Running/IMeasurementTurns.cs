namespace MoeBench.Engine.Running;

/// <summary>
/// Turns handed out by a conductor when several runs measure one machine one at a time, interleaved: a baseline and its
/// candidates then meet the same slow and fast phases of a shared host, which separate runs minutes apart do not
/// (asv's interleaved rounds, Chromium Pinpoint's alternating repeats). A run waits for its turn before it starts and
/// before each measurement, and has the machine to itself until it next waits.
/// </summary>
public interface IMeasurementTurns
{
    /// <summary>Blocks until this run's turn comes.</summary>
    /// <exception cref="OperationCanceledException">The conductor is gone or <paramref name="cancellation"/> fired.</exception>
    void Await(CancellationToken cancellation);
}
