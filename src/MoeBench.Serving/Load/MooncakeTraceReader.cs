using System.Text.Json;

namespace MoeBench.Serving.Load;

/// <summary>
/// The Mooncake trace format (kvcache-ai/Mooncake, FAST 2025): JSON lines of <c>timestamp</c> (ms from the trace
/// start), <c>input_length</c>, <c>output_length</c> and <c>hash_ids</c>, one id per 512-token prompt block; blocks
/// with the same id hold the same tokens.
/// </summary>
public static class MooncakeTraceReader
{
    public const int BlockTokens = 512;

    public const double Quantum = 1e-3;

    public static TraceFile Read(string path)
    {
        var records = new List<TraceRecord>();
        var number = 0;
        double? first = null;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new TraceFormatException(path, number, "line", $"not a JSON object: {e.Message}");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TraceFormatException(path, number, "line", "expected a JSON object");
            }

            var ms = Number(root, path, number, "timestamp");
            first ??= ms;
            records.Add(new TraceRecord(
                (ms - first.Value) / 1000,
                TraceFields.Tokens(path, number, "input_length", Field(root, path, number, "input_length").GetRawText()),
                TraceFields.Tokens(path, number, "output_length", Field(root, path, number, "output_length").GetRawText()),
                HashIds(root, path, number)));
        }

        return new TraceFile(path, records, Quantum, BlockTokens);
    }

    private static JsonElement Field(JsonElement root, string path, int line, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new TraceFormatException(path, line, name, "missing");

    private static double Number(JsonElement root, string path, int line, string name)
    {
        var value = Field(root, path, line, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var x) && x >= 0 && double.IsFinite(x)
            ? x
            : throw new TraceFormatException(path, line, name, $"expected a number ≥ 0, got {value.GetRawText()}");
    }

    /// <summary>Absent <c>hash_ids</c> means no shared prefix; present, it must be a list of whole numbers.</summary>
    private static long[] HashIds(JsonElement root, string path, int line)
    {
        if (!root.TryGetProperty("hash_ids", out var ids))
        {
            return [];
        }

        if (ids.ValueKind != JsonValueKind.Array)
        {
            throw new TraceFormatException(path, line, "hash_ids", $"expected a list of ids, got {ids.GetRawText()}");
        }

        var result = new long[ids.GetArrayLength()];
        var i = 0;
        foreach (var id in ids.EnumerateArray())
        {
            result[i] = id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var v)
                ? v
                : throw new TraceFormatException(path, line, $"hash_ids[{i}]", $"expected a whole number, got {id.GetRawText()}");
            i++;
        }

        return result;
    }
}
