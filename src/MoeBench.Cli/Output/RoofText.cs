using System.Globalization;
using MoeBench.Core.Calibration;

namespace MoeBench.Cli;

/// <summary>Roof figures as the CLI prints them, culture-invariant.</summary>
public static class RoofText
{
    public static string Flops(double flopsPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{flopsPerSecond / 1e9:F1} GFLOP/s");

    public static string Bandwidth(double bytesPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e9:F1} GB/s");

    /// <summary><c> (125.8 GiB)</c>, <c> (2.0 MiB)</c>, <c> (64 KiB)</c>, or nothing where the capacity is unknown (0).</summary>
    public static string Capacity(long bytes) => bytes switch
    {
        <= 0 => "",
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 30):F1} GiB)"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 20):F1} MiB)"),
        _ => string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 10):F0} KiB)"),
    };

    /// <summary>Every memory tier's bandwidth, main memory first: <c>dram 68.8 GB/s, l1 812.0 GB/s, …</c>.</summary>
    public static string Tiers(IEnumerable<MemoryTier> tiers) =>
        string.Join(", ", tiers.Select(t => $"{t.Name} {Bandwidth(t.BandwidthBytesPerSecond)}"));
}
