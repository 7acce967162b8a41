namespace MoeBench.Devices;

/// <summary>
/// A device that can measure, in a few milliseconds, the memory bandwidth it gets right now. On a shared host
/// (a cloud VM beside noisy neighbours) that swings far more than any kernel's speed — 30 to 60 GB/s within
/// seconds on the 2-core machine this was built on — so each sample of a memory-bound cold case is held to the
/// bandwidth probed just before and after it, not to a calibration taken minutes earlier (<c>CaseMeasurer</c>).
/// </summary>
public interface IBandwidthProbe
{
    /// <summary>
    /// Bytes per second of a short all-thread read stream over <paramref name="footprintBytes"/> (the cold working
    /// set the case's inputs rotate through, so both meet the caches alike): one pass, a few milliseconds.
    /// </summary>
    double ProbeBandwidth(long footprintBytes, CancellationToken cancellation);
}
