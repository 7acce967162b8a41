using System.Globalization;
using System.Text.Json;

namespace MoeBench.Storage;

/// <summary>
/// How values become column values and back: one convention for every store (NaN as NULL, UTC timestamps as
/// fixed-width ISO-8601 text, lists as JSON), so a second store reuses the rows of <c>Rows/</c> unchanged.
/// </summary>
internal static class RowValues
{
    /// <summary>ISO-8601 UTC with a fixed width, so text order is time order.</summary>
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string? ToText(DateTimeOffset? value) => value is { } v ? ToText(v) : null;

    public static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.ParseExact(
        text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseTimestampOrNull(string? text) => text is null ? null : ParseTimestamp(text);

    /// <summary>SQLite has no NaN; a REAL column holds NULL for it (in every store, so rows read the same anywhere).</summary>
    public static double? ToReal(double value) => double.IsNaN(value) ? null : value;

    public static double? ToReal(double? value) => value is { } v ? ToReal(v) : null;

    public static double FromReal(double? value) => value ?? double.NaN;

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value);

    public static T FromJson<T>(string text, string column) =>
        JsonSerializer.Deserialize<T>(text) ?? throw new InvalidDataException($"column {column} holds JSON null");

    public static int ToInt(long value, string column) => value is >= int.MinValue and <= int.MaxValue
        ? (int)value
        : throw new InvalidDataException($"column {column} holds {value}, out of range for int");
}
