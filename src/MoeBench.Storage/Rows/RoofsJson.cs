using System.Text.Json.Serialization;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Storage;

/// <summary>
/// A result's roof lists as the JSON of <c>results.device_roofs</c>. JSON has no NaN, so an unknown figure is null; dtypes
/// are stored by name.
/// </summary>
internal static class RoofsJson
{
    public static string Encode(DeviceInfo device) => RowValues.ToJson(new Lists(
        [.. device.Peaks.Select(p => new Peak(p.DType.ToName(), p.Path, RowValues.ToReal(p.SingleThreadFlops), RowValues.ToReal(p.AllThreadsFlops)))],
        [.. device.MemoryTiers.Select(t => new Tier(t.Name, t.CapacityBytes, RowValues.ToReal(t.BandwidthBytesPerSecond), RowValues.ToReal(t.LatencySeconds)))],
        [.. device.Links.Select(l => new Link(l.Name, RowValues.ToReal(l.BandwidthBytesPerSecond), RowValues.ToReal(l.LatencySeconds)))]));

    /// <summary><paramref name="device"/> with the lists of <paramref name="json"/> in place of those its single figures made.</summary>
    public static DeviceInfo Apply(DeviceInfo device, string json)
    {
        var lists = RowValues.FromJson<Lists>(json, "results.device_roofs");
        return device with
        {
            Peaks = [.. lists.Peaks.Select(p => new PeakRoof(ParseDType(p.DType), p.Path, RowValues.FromReal(p.SingleThreadFlops), RowValues.FromReal(p.AllThreadsFlops)))],
            MemoryTiers = [.. lists.MemoryTiers.Select(t => new MemoryTier(t.Name, t.CapacityBytes, RowValues.FromReal(t.BandwidthBytesPerSecond), RowValues.FromReal(t.LatencySeconds)))],
            Links = [.. lists.Links.Select(l => new DeviceLink(l.Name, RowValues.FromReal(l.BandwidthBytesPerSecond), RowValues.FromReal(l.LatencySeconds)))],
        };
    }

    private static DType ParseDType(string name) => DTypeNames.TryParse(name, out var dtype)
        ? dtype
        : throw new InvalidDataException($"column results.device_roofs holds unknown dtype '{name}'");

    private sealed record Lists(
        [property: JsonPropertyName("peaks")] Peak[] Peaks,
        [property: JsonPropertyName("memory_tiers")] Tier[] MemoryTiers,
        [property: JsonPropertyName("links")] Link[] Links);

    private sealed record Peak(
        [property: JsonPropertyName("dtype")] string DType,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("single_thread_flops")] double? SingleThreadFlops,
        [property: JsonPropertyName("all_threads_flops")] double? AllThreadsFlops);

    private sealed record Tier(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("capacity_bytes")] long CapacityBytes,
        [property: JsonPropertyName("bandwidth_bytes_per_s")] double? BandwidthBytesPerSecond,
        [property: JsonPropertyName("latency_s")] double? LatencySeconds);

    private sealed record Link(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("bandwidth_bytes_per_s")] double? BandwidthBytesPerSecond,
        [property: JsonPropertyName("latency_s")] double? LatencySeconds);
}
