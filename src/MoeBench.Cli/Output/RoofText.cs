using System.Globalization;

namespace MoeBench.Cli;

/// <summary>Roof figures as the CLI prints them, culture-invariant.</summary>
public static class RoofText
{
    public static string Flops(double flopsPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{flopsPerSecond / 1e9:F1} GFLOP/s");

    public static string Bandwidth(double bytesPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e9:F1} GB/s");
}
