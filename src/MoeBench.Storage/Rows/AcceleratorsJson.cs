using System.Text.Json.Serialization;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>A run's accelerators as the JSON of <c>runs.accelerators</c>, snake_case as the store's other JSON.</summary>
internal static class AcceleratorsJson
{
    public static string Encode(IReadOnlyList<AcceleratorInfo> accelerators) =>
        RowValues.ToJson(accelerators.Select(a => new Entry(a.Name, a.Vendor, a.Driver, a.MemoryBytes)).ToArray());

    public static AcceleratorInfo[] Decode(string json) =>
        [.. RowValues.FromJson<Entry[]>(json, "runs.accelerators").Select(e => new AcceleratorInfo(e.Name, e.Vendor, e.Driver, e.MemoryBytes))];

    private sealed record Entry(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("vendor")] string Vendor,
        [property: JsonPropertyName("driver")] string Driver,
        [property: JsonPropertyName("memory_bytes")] long MemoryBytes);
}
