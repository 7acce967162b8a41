using MoeBench.Engine.Running;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Turns handed out over standard input by a conductor (<c>moebench gate-check</c>): to wait, a run prints
/// <see cref="Waiting"/> on a line of its own, and its turn comes with the next line on its standard input. End of that
/// input means the conductor is gone, and the run stops (stored as incomplete). The wait is left out of the run's
/// contention figures: the runs measuring meanwhile are its own group.
/// </summary>
internal sealed class StdioTurns(CpuContentionMonitor contention) : IMeasurementTurns
{
    /// <summary>The line a run prints when it waits for its turn.</summary>
    public const string Waiting = "moebench: waiting for my turn";

    /// <summary>The line a conductor writes to give a run its turn.</summary>
    public const string Go = "go";

    public void Await(CancellationToken cancellation)
    {
        string? answer = null;
        contention.Excluding(() =>
        {
            Console.Out.WriteLine(Waiting);
            Console.Out.Flush();
            answer = Console.In.ReadLine();
        });
        cancellation.ThrowIfCancellationRequested();
        if (answer is null)
        {
            throw new OperationCanceledException("the conductor of this run's turns is gone");
        }
    }
}
