namespace MoeBench.Core.Calibration;

/// <summary>
/// What a device's calibration measured (or its datasheet says), as lists: peaks per dtype and instruction path,
/// memory tiers (main memory first) and links. Plain data: the device produces it, the store keeps it, results are
/// measured against it.
/// </summary>
/// <param name="Threads">Threads of the all-thread figures.</param>
/// <param name="Method">How the figures were obtained, for a reader of the stored calibration.</param>
/// <param name="Details">The figures behind the roofs (buffer sizes, cache sizes, each kernel's best), by name.</param>
public sealed record DeviceRoofs(
    int Threads,
    IReadOnlyList<PeakRoof> Peaks,
    IReadOnlyList<MemoryTier> MemoryTiers,
    IReadOnlyList<DeviceLink> Links,
    string Method,
    IReadOnlyDictionary<string, double> Details)
{
    /// <summary>Sustainable bandwidth of the main memory (the first tier); NaN where no tier was measured.</summary>
    public double BandwidthBytesPerSecond => RoofLists.MainBandwidth(MemoryTiers);

    /// <summary>The fastest all-thread figure of any path for <paramref name="dtype"/>; NaN where none was measured.</summary>
    public double PeakFlops(DType dtype) => RoofLists.BestPeak(Peaks, dtype);

    /// <summary>
    /// These roofs with each memory tier's bandwidth at least that of the same tier in <paramref name="shown"/> (an
    /// earlier calibration of the same device on the same host): a roof is the most the device has shown, and on a
    /// shared host one moment's stream can read half of another's. A raised tier keeps what was measured now in
    /// <see cref="Details"/> (<c>dram_measured_bytes_per_s</c>).
    /// </summary>
    public DeviceRoofs WithMemoryAtLeast(DeviceRoofs shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var details = new Dictionary<string, double>(Details);
        var tiers = MemoryTiers.Select(tier =>
        {
            var before = shown.MemoryTiers.FirstOrDefault(t => t.Name == tier.Name)?.BandwidthBytesPerSecond ?? double.NaN;
            if (!(before > tier.BandwidthBytesPerSecond))
            {
                return tier;
            }

            details[$"{tier.Name}_measured_bytes_per_s"] = tier.BandwidthBytesPerSecond;
            return tier with { BandwidthBytesPerSecond = before };
        }).ToList();
        return this with { MemoryTiers = tiers, Details = details };
    }
}
