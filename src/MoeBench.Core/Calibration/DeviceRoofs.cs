namespace MoeBench.Core.Calibration;

/// <summary>
/// What a device's calibration measured (or its datasheet says): peaks per dtype and ISA path, and sustainable
/// memory bandwidth. Plain data: the device produces it, the store keeps it, results are measured against it.
/// </summary>
/// <param name="Threads">Threads of the all-thread figures.</param>
/// <param name="Method">How the figures were obtained, for a reader of the stored calibration.</param>
/// <param name="Details">The figures behind the roofs (buffer sizes, cache sizes, each kernel's best), by name.</param>
public sealed record DeviceRoofs(
    int Threads,
    IReadOnlyList<PeakRoof> Peaks,
    double BandwidthBytesPerSecond,
    string Method,
    IReadOnlyDictionary<string, double> Details)
{
    /// <summary>The fastest all-thread figure of any path for <paramref name="dtype"/>; NaN where none was measured.</summary>
    public double PeakFlops(DType dtype)
    {
        var best = double.NaN;
        foreach (var peak in Peaks)
        {
            if (peak.DType == dtype && !(peak.AllThreadsFlops <= best))
            {
                best = peak.AllThreadsFlops;
            }
        }

        return best;
    }
}
