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
}
