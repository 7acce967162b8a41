using System.Globalization;

namespace MoeBench.Cli;

/// <summary>Roof figures as the CLI prints them, culture-invariant.</summary>
public static class RoofText
{
    public static string Flops(double flopsPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{flopsPerSecond / 1e9:F1} GFLOP/s");

    public static string Bandwidth(double bytesPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e9:F1} GB/s");

    /// <summary><c> (125.8 GiB)</c>, or nothing where the capacity is unknown (0).</summary>
    public static string Capacity(long bytes) =>
        bytes > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({bytes / (double)(1L << 30):F1} GiB)") : "";
}
