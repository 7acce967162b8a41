namespace MoeBench.Core.Calibration;

/// <summary>
/// The single-figure views of a device's roof lists, shared by <see cref="DeviceRoofs"/> and <see cref="DeviceInfo"/>:
/// the fastest peak of a dtype, the main memory's bandwidth, and the lists with one of those figures replaced.
/// </summary>
internal static class RoofLists
{
    /// <summary>The path recorded where a peak was given as one figure, without its path.</summary>
    public const string UnrecordedPath = "unrecorded";

    /// <summary>The fastest all-thread figure of any path for <paramref name="dtype"/>; NaN where none is listed.</summary>
    public static double BestPeak(IReadOnlyList<PeakRoof> peaks, DType dtype)
    {
        var best = double.NaN;
        foreach (var peak in peaks)
        {
            if (peak.DType == dtype && !(peak.AllThreadsFlops <= best))
            {
                best = peak.AllThreadsFlops;
            }
        }

        return best;
    }

    /// <summary>
    /// <paramref name="peaks"/> with the <paramref name="dtype"/> entries replaced by one of <paramref name="flops"/> on
    /// the fastest of their paths; none where <paramref name="flops"/> is NaN.
    /// </summary>
    public static IReadOnlyList<PeakRoof> WithPeak(IReadOnlyList<PeakRoof> peaks, DType dtype, double flops)
    {
        var best = BestPeak(peaks, dtype);
        var path = peaks.FirstOrDefault(p => p.DType == dtype && p.AllThreadsFlops.Equals(best))?.Path ?? UnrecordedPath;
        var others = peaks.Where(p => p.DType != dtype);
        return double.IsNaN(flops) ? [.. others] : [.. others, new PeakRoof(dtype, path, double.NaN, flops)];
    }

    /// <summary>The first tier's bandwidth (the main memory); NaN where no tier is listed.</summary>
    public static double MainBandwidth(IReadOnlyList<MemoryTier> tiers) => tiers.Count > 0 ? tiers[0].BandwidthBytesPerSecond : double.NaN;

    /// <summary>
    /// <paramref name="tiers"/> with the main memory's bandwidth set to <paramref name="bandwidth"/> (its name, capacity
    /// and latency kept); a tier named <see cref="MemoryTier.Unnamed"/> where none was listed; none where NaN and none listed.
    /// </summary>
    public static IReadOnlyList<MemoryTier> WithMainBandwidth(IReadOnlyList<MemoryTier> tiers, double bandwidth)
    {
        if (tiers.Count == 0)
        {
            return double.IsNaN(bandwidth) ? [] : [new MemoryTier(MemoryTier.Unnamed, 0, bandwidth, double.NaN)];
        }

        return [tiers[0] with { BandwidthBytesPerSecond = bandwidth }, .. tiers.Skip(1)];
    }
}
