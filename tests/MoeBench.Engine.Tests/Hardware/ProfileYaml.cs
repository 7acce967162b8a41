namespace MoeBench.Engine.Tests.Hardware;

/// <summary>A valid profile to break one field of, line by line so a test can name the line its mistake is on.</summary>
internal static class ProfileYaml
{
    public const string File = "hardware/test-gpu.yaml";

    /// <summary>Line 8 is the memory tier's bandwidth, line 10 its source; line 4 the peak's dtype.</summary>
    public static readonly string[] Lines =
    [
        "vendor: Acme",
        "model: Test GPU",
        "class: gpu",
        "peaks:",
        "  - {dtype: f32, path: simt, dense: 100 TFLOP/s, source: datasheet A}",
        "memory:",
        "  - name: hbm",
        "    capacity: 80 GiB",
        "    bandwidth: 2 TB/s",
        "    latency: 500 ns",
        "    source: datasheet B",
        "links:",
        "  - {name: pcie, between: host-device, bandwidth: 64 GB/s, source: datasheet C}",
        "launch_overhead: {value: 4 us, source: paper D}",
        "tdp: {value: 500 W, source: datasheet E}",
    ];

    public static string Text => string.Join('\n', Lines) + "\n";

    /// <summary>The profile with line <paramref name="index"/> (0-based) replaced.</summary>
    public static string With(int index, string line)
    {
        var lines = Lines.ToArray();
        lines[index] = line;
        return string.Join('\n', lines) + "\n";
    }
}
