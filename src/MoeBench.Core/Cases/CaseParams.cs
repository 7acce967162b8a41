using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace MoeBench.Core.Cases;

/// <summary>
/// A case's parameters: keys in ordinal order, values of type long, double, bool or string only, so that the
/// canonical JSON (and with it the case id) is unambiguous.
/// </summary>
public sealed class CaseParams : IReadOnlyDictionary<string, object>, IEquatable<CaseParams>
{
    private readonly SortedDictionary<string, object> _values = new(StringComparer.Ordinal);
    private string? _canonical;

    public CaseParams(IEnumerable<KeyValuePair<string, object>> values)
    {
        foreach (var (key, value) in values)
        {
            _values[key] = value switch
            {
                int i => (long)i,
                long or double or bool or string => value,
                _ => throw new ArgumentException($"parameter '{key}' has unsupported type {value.GetType().Name}"),
            };
        }
    }

    public object this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<object> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);

    /// <summary>A value as stored. Code that runs a case reads its definition's typed record, where defaults live.</summary>
    public int GetInt(string key) => checked((int)(long)_values[key]);

    public double GetDouble(string key, double fallback) => _values.TryGetValue(key, out var v)
        ? v switch { long l => l, double d => d, _ => throw new InvalidCastException($"parameter '{key}' is not a number") }
        : fallback;

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in _values)
        {
            switch (value)
            {
                case long l:
                    writer.WriteNumber(key, l);
                    break;
                case double d:
                    writer.WriteNumber(key, d);
                    break;
                case bool b:
                    writer.WriteBoolean(key, b);
                    break;
                default:
                    writer.WriteString(key, (string)value);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads parameters back from their JSON object form.</summary>
    public static CaseParams FromJson(JsonElement element) => new(element.EnumerateObject().Select(p =>
        new KeyValuePair<string, object>(p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.Number when p.Value.TryGetInt64(out var l) => l,
            JsonValueKind.Number => p.Value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => p.Value.GetString()!,
            _ => throw new FormatException($"parameter '{p.Name}' has unsupported JSON kind {p.Value.ValueKind}"),
        })));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Equal when their canonical JSON is equal: a double 2.0 and a long 2 write the same number, hence the
    /// same case id, so they must also compare equal (a stored case read back types whole numbers as long).
    /// </summary>
    public bool Equals(CaseParams? other) => other is not null && Canonical == other.Canonical;

    public override bool Equals(object? obj) => Equals(obj as CaseParams);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    private string Canonical
    {
        get
        {
            if (_canonical is null)
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream))
                {
                    WriteTo(writer);
                }

                _canonical = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            }

            return _canonical;
        }
    }

    public override string ToString() => string.Join(' ', _values.Select(kv => kv.Value switch
    {
        double d => $"{kv.Key}={d.ToString("R", CultureInfo.InvariantCulture)}",
        bool b => $"{kv.Key}={(b ? "true" : "false")}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"),
    }));
}
