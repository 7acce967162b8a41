using System.Globalization;
using System.Text;
using MoeBench.Devices;
using MoeBench.Devices.Modeled;

namespace MoeBench.Engine.Hardware;

/// <summary>
/// Writes a profile as the YAML <see cref="HardwareProfileLoader"/> reads back to the same figures: every figure with
/// its unit (shortest round-trip digits) and its own source, invariant culture throughout.
/// </summary>
public static class HardwareProfileWriter
{
    public static string Write(HardwareProfile profile, string header)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(header);
        var y = new StringBuilder();
        foreach (var line in header.Split('\n'))
        {
            y.Append("# ").AppendLine(line);
        }

        y.Append("vendor: ").AppendLine(Quote(profile.Vendor));
        y.Append("model: ").AppendLine(Quote(profile.Model));
        y.Append("class: ").AppendLine(profile.Class.ToName());
        if (profile.TwinOf is { } twin)
        {
            y.Append("twin_of: {device: ").Append(Quote(twin.DeviceId)).Append(", identity: ").Append(Quote(twin.IdentityKey)).AppendLine("}");
        }

        y.AppendLine(profile.Peaks.Count == 0 ? "peaks: []" : "peaks:");
        foreach (var p in profile.Peaks)
        {
            y.Append("  - dtype: ").AppendLine(p.DType);
            y.Append("    path: ").AppendLine(Quote(p.Path));
            y.Append("    dense: ").AppendLine(Figure(p.Dense, Flops(p.Dense.Value)));
            if (p.Sparse is { } sparse)
            {
                y.Append("    sparse: ").AppendLine(Figure(sparse, Flops(sparse.Value)));
            }
        }

        y.AppendLine(profile.Memory.Count == 0 ? "memory: []" : "memory:");
        foreach (var t in profile.Memory)
        {
            y.Append("  - name: ").AppendLine(Quote(t.Name));
            y.Append("    capacity: ").AppendLine(Figure(t.CapacityBytes, Bytes(t.CapacityBytes.Value)));
            y.Append("    bandwidth: ").AppendLine(Figure(t.BandwidthBytesPerSecond, Number(t.BandwidthBytesPerSecond.Value / 1e9) + " GB/s"));
            if (t.LatencySeconds is { } latency)
            {
                y.Append("    latency: ").AppendLine(Figure(latency, Number(latency.Value * 1e9) + " ns"));
            }
        }

        if (profile.Links.Count > 0)
        {
            y.AppendLine("links:");
            foreach (var l in profile.Links)
            {
                y.Append("  - name: ").AppendLine(Quote(l.Name));
                y.Append("    between: ").AppendLine(l.Between);
                y.Append("    bandwidth: ").AppendLine(Figure(l.BandwidthBytesPerSecond, Number(l.BandwidthBytesPerSecond.Value / 1e9) + " GB/s"));
                if (l.LatencySeconds is { } latency)
                {
                    y.Append("    latency: ").AppendLine(Figure(latency, Number(latency.Value * 1e9) + " ns"));
                }
            }
        }

        y.Append("launch_overhead: ").AppendLine(Figure(profile.LaunchOverheadSeconds, Number(profile.LaunchOverheadSeconds.Value * 1e6) + " us"));
        if (profile.TdpWatts is { } tdp)
        {
            y.Append("tdp: ").AppendLine(Figure(tdp, Number(tdp.Value) + " W"));
        }

        return y.ToString();
    }

    private static string Figure(SourcedFigure figure, string value) => $"{{value: {value}, source: {Quote(figure.Source)}}}";

    private static string Flops(double flops) => Number(flops / 1e9) + " GFLOP/s";

    private static string Bytes(double bytes)
    {
        var whole = (long)bytes;
        return whole == bytes && whole % (1L << 20) == 0 ? $"{Number(whole >> 20)} MiB" : $"{Number(bytes)} B";
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
