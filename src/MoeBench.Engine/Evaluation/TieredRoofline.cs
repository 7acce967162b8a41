using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Engine.Evaluation;

/// <summary>One kernel's predicted time, which roof set it, and the memory tier its bytes were held to.</summary>
public sealed record KernelPrediction(double Seconds, bool ComputeBound, string Tier);

/// <summary>
/// The time one kernel takes on a device described only by its roofs: the longer of its compute time (fp32 FLOPs at
/// the fp32 peak, integer FLOPs at the integer dot-product peak where there is one, as <see cref="Core.Results.Metrics"/>
/// holds measured results) and its memory time (its bytes at the bandwidth of the tier its working set is held to),
/// plus the launch overhead and the tier's latency — the fixed costs a roofline alone leaves out, which dominate
/// decode-size kernels. Deterministic and instant: a prediction, not a measurement.
/// </summary>
public static class TieredRoofline
{
    /// <summary>Null where the device lacks an fp32 peak or a memory tier: nothing can be predicted from it.</summary>
    public static string? Unpredictable(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!(device.PeakFlopsF32 > 0))
        {
            return $"{device.Id} lists no f32 peak, and every op here does fp32 arithmetic: nothing to predict from ({device.RoofSource})";
        }

        return device.MemoryTiers.Count == 0 || !(device.BandwidthBytesPerSecond > 0)
            ? $"{device.Id} lists no main memory bandwidth ({device.RoofSource})"
            : null;
    }

    public static KernelPrediction Predict(OpCost cost, DeviceInfo device, CacheState cache, double launchSeconds)
    {
        ArgumentNullException.ThrowIfNull(device);
        var tier = TierFor(device.MemoryTiers, cost.Bytes, cache);
        var integerPeak = device.HasIntegerRoof ? device.PeakFlopsInteger : device.PeakFlopsF32;
        var compute = ((cost.Flops - cost.IntegerFlops) / device.PeakFlopsF32) + (cost.IntegerFlops / integerPeak);
        var memory = cost.Bytes / Bandwidth(tier, device);
        var latency = double.IsFinite(tier.LatencySeconds) ? tier.LatencySeconds : 0;
        return new KernelPrediction(Math.Max(compute, memory) + launchSeconds + latency, compute >= memory, tier.Name);
    }

    /// <summary>
    /// The tier a working set is held to. Tiers after the first that are smaller than main memory are caches: a hot
    /// working set sits in the smallest one it fits (as <see cref="MemoryTierChoice"/> holds measured results). A cold
    /// one — or a hot one that fits no cache — is held to main memory, or, where it exceeds main memory, to the
    /// smallest larger tier that holds it (SN40L's DDR behind its HBM): a three-tier device is three roofs.
    /// </summary>
    public static MemoryTier TierFor(IReadOnlyList<MemoryTier> tiers, double workingSetBytes, CacheState cache)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var main = tiers[0];
        var others = tiers.Skip(1).Where(t => t.CapacityBytes > 0 && t.BandwidthBytesPerSecond > 0).ToList();
        bool Larger(MemoryTier t) => main.CapacityBytes > 0 && t.CapacityBytes > main.CapacityBytes;
        if (cache == CacheState.Hot && others.Where(t => !Larger(t) && workingSetBytes <= t.CapacityBytes).MinBy(t => t.CapacityBytes) is { } fits)
        {
            return fits;
        }

        if (main.CapacityBytes <= 0 || workingSetBytes <= main.CapacityBytes)
        {
            return main;
        }

        return others.Where(t => Larger(t) && workingSetBytes <= t.CapacityBytes).MinBy(t => t.CapacityBytes) ?? main;
    }

    /// <summary>
    /// A cache tier never below main memory's bandwidth (the rule <see cref="Core.Results.Metrics"/> applies, so a
    /// prediction's share of peak stays at or under 100%); a tier larger than main memory at its own.
    /// </summary>
    private static double Bandwidth(MemoryTier tier, DeviceInfo device) =>
        tier.CapacityBytes > device.MemoryTiers[0].CapacityBytes && device.MemoryTiers[0].CapacityBytes > 0
            ? tier.BandwidthBytesPerSecond
            : Math.Max(tier.BandwidthBytesPerSecond, device.BandwidthBytesPerSecond);
}
