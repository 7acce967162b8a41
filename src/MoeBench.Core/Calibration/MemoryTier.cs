namespace MoeBench.Core.Calibration;

/// <summary>
/// One level of memory a device's working sets stream from: <c>dram</c> on a CPU, <c>hbm</c> on a GPU, a cache
/// (<c>l3</c>) where a backend measures it. A device lists its main memory first — the tier cold working sets are
/// held to (<see cref="DeviceInfo.BandwidthBytesPerSecond"/>) — then any others.
/// </summary>
/// <param name="CapacityBytes">0 where unknown.</param>
/// <param name="LatencySeconds">Load-to-use latency; NaN where not measured.</param>
public sealed record MemoryTier(string Name, long CapacityBytes, double BandwidthBytesPerSecond, double LatencySeconds)
{
    /// <summary>The tier a roof given only as one bandwidth (a result stored before tiers, a test) is recorded under.</summary>
    public const string Unnamed = "memory";
}
