using System.Text.Json;
using MoeBench.Core;
using MoeBench.Devices;

namespace MoeBench.Cli.Output;

/// <summary>
/// <c>devices --json</c>: an array with one object per listed device — <c>id</c>, <c>kind</c> (cpu, gpu, fpga, npu),
/// <c>backend</c>, <c>available</c>, <c>reason</c> (null when available), <c>provenance</c> (measured or modeled),
/// <c>description</c> and, for an opened device, its roofs. snake_case, numbers in SI units (FLOP/s, bytes/s).
/// </summary>
public static class DevicesJson
{
    /// <summary>One listed device; <paramref name="Info"/> is null where it is unavailable.</summary>
    public sealed record Listed(DeviceEntry Entry, DeviceInfo? Info, string? RoofSource);

    public static void Write(Stream stream, IReadOnlyList<Listed> devices)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var (entry, info, roofSource) in devices)
        {
            w.WriteStartObject();
            w.WriteString("id", entry.Id);
            w.WriteString("kind", entry.Class.ToName());
            w.WriteString("backend", entry.Backend);
            w.WriteBoolean("available", entry.IsAvailable);
            w.WriteString("reason", entry.UnavailableReason);
            w.WriteString("provenance", entry.Provenance.ToName());
            w.WriteString("description", entry.Description);
            if (info is not null)
            {
                w.WriteString("model", info.Model);
                Number(w, "peak_flops_f32", info.PeakFlopsF32);
                Number(w, "peak_flops_int", info.PeakFlopsInteger);
                Number(w, "bandwidth_bytes_per_second", info.BandwidthBytesPerSecond);
                w.WriteString("roof_source", roofSource);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
