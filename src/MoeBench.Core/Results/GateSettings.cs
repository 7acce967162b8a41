using System.Text;
using System.Text.Json;

namespace MoeBench.Core.Results;

/// <summary>
/// A suite's regression-gate thresholds (its <c>gate:</c> section): the minimum effect worth a verdict, and
/// per-case overrides of it. Effects are fractions (0.05 = 5%).
/// </summary>
/// <param name="MinEffect">The suite-wide minimum effect; null leaves the gate's own default.</param>
/// <param name="Overrides">Per-case minimum effects in file order, each for the cases its glob selects.</param>
public sealed record GateSettings(double? MinEffect, IReadOnlyList<GateOverride> Overrides)
{
    /// <summary>No thresholds set: the gate uses its defaults.</summary>
    public static GateSettings None { get; } = new(null, []);

    /// <summary>Whether the suite sets nothing.</summary>
    public bool IsEmpty => MinEffect is null && Overrides.Count == 0;

    /// <summary>
    /// <c>{"min_effect":0.05,"overrides":[{"pattern":"grouped_gemm*","min_effect":0.1}]}</c>; an unset
    /// <see cref="MinEffect"/> is written as <c>null</c>. Numbers are written round-trippably.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (MinEffect is { } minEffect)
            {
                writer.WriteNumber("min_effect", minEffect);
            }
            else
            {
                writer.WriteNull("min_effect");
            }

            writer.WriteStartArray("overrides");
            foreach (var o in Overrides)
            {
                writer.WriteStartObject();
                writer.WriteString("pattern", o.Pattern);
                writer.WriteNumber("min_effect", o.MinEffect);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Reads <see cref="ToJson"/>'s form. Null, empty or whitespace text, or JSON <c>null</c>, is <see cref="None"/>;
    /// a missing or null key keeps its default, unknown keys are ignored, and an override without a pattern or a
    /// min effect is left out. Text that is not JSON, or a value of the wrong type, throws <see cref="JsonException"/>.
    /// </summary>
    public static GateSettings FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return None;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return None;
        }

        Expect(root, JsonValueKind.Object, "gate settings");
        var minEffect = Number(root, "min_effect");
        var overrides = new List<GateOverride>();
        if (root.TryGetProperty("overrides", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            Expect(list, JsonValueKind.Array, "overrides");
            foreach (var item in list.EnumerateArray())
            {
                Expect(item, JsonValueKind.Object, "an override");
                var pattern = item.TryGetProperty("pattern", out var p) && p.ValueKind != JsonValueKind.Null
                    ? (p.ValueKind == JsonValueKind.String ? p.GetString() : throw WrongType("pattern", "a string", p))
                    : null;
                if (!string.IsNullOrEmpty(pattern) && Number(item, "min_effect") is { } effect)
                {
                    overrides.Add(new GateOverride(pattern, effect));
                }
            }
        }

        return minEffect is null && overrides.Count == 0 ? None : new GateSettings(minEffect, overrides);
    }

    /// <summary>Value equality, overrides compared element by element (a record compares lists by reference).</summary>
    public bool Equals(GateSettings? other) =>
        other is not null && MinEffect.Equals(other.MinEffect) && Overrides.SequenceEqual(other.Overrides);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MinEffect);
        foreach (var o in Overrides)
        {
            hash.Add(o);
        }

        return hash.ToHashCode();
    }

    private static double? Number(JsonElement obj, string key)
    {
        if (!obj.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw WrongType(key, "a number", value);
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw WrongType(what, kind == JsonValueKind.Object ? "an object" : "an array", element);
        }
    }

    private static JsonException WrongType(string what, string expected, JsonElement got) =>
        new($"gate settings: {what} must be {expected}, got {got.GetRawText()}");
}

/// <summary>A minimum effect for the cases <paramref name="Pattern"/> selects.</summary>
/// <param name="Pattern">A glob (<c>*</c>, <c>?</c>) over a case's label, name and id, as the suite wrote it.</param>
/// <param name="MinEffect">A fraction: 0.1 = 10%.</param>
public sealed record GateOverride(string Pattern, double MinEffect);
