using System.Globalization;

namespace MoeBench.Reporting.History;

/// <summary>A plain series read from a CSV file: one value per row, with an optional label (index or time) per row.</summary>
/// <param name="Column">The value column's header name; null when the file has no header.</param>
/// <param name="Labels">Each row's label (the first field when a row has more than the value), else null.</param>
public sealed record CsvSeries(string? Column, IReadOnlyList<double> Values, IReadOnlyList<string>? Labels);

/// <summary>Why a CSV series could not be read: file, 1-based line and field, for the CLI's exit code 2.</summary>
public sealed record CsvSeriesError(string Message);

/// <summary>
/// Reads <c>history --input</c> files. Rules, so another tool's export works as it is: comma-separated; blank lines
/// skipped; a header is present when <c>--column</c> names one or when the first row's value field is not a number;
/// without <c>--column</c> the value is the last field and, in rows of two or more fields, the first is the row's
/// label. Numbers use the invariant culture ("1.5", never "1,5"). Every row must have the header's field count.
/// </summary>
public static class CsvSeriesReader
{
    public static CsvSeries? Read(string path, IReadOnlyList<string> lines, string? column, out CsvSeriesError? error)
    {
        ArgumentNullException.ThrowIfNull(lines);
        error = null;
        var rows = lines.Select((text, i) => (Line: i + 1, Fields: text.Split(',').Select(Clean).ToArray()))
            .Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0))
            .ToList();
        if (rows.Count == 0)
        {
            error = new CsvSeriesError($"{path}: no rows");
            return null;
        }

        var first = rows[0];
        int valueField;
        var hasHeader = column is not null || !IsNumber(first.Fields[^1]);
        if (column is not null)
        {
            valueField = Array.IndexOf(first.Fields, column);
            if (valueField < 0)
            {
                error = new CsvSeriesError($"{path}:{first.Line}: no column '{column}' in the header ({string.Join(", ", first.Fields)})");
                return null;
            }
        }
        else
        {
            valueField = first.Fields.Length - 1;
        }

        var name = hasHeader ? first.Fields[valueField] : null;
        var data = hasHeader ? rows.Skip(1).ToList() : rows;
        var labelled = first.Fields.Length > 1 && valueField != 0;
        var values = new List<double>();
        var labels = new List<string>();
        foreach (var (line, fields) in data)
        {
            if (fields.Length != first.Fields.Length)
            {
                error = new CsvSeriesError($"{path}:{line}: {fields.Length} fields, expected {first.Fields.Length}");
                return null;
            }

            var field = fields[valueField];
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                var what = name is null ? $"field {valueField + 1}" : $"field '{name}'";
                error = new CsvSeriesError($"{path}:{line}: {what}: '{field}' is not a finite number");
                return null;
            }

            values.Add(value);
            labels.Add(fields[0]);
        }

        return new CsvSeries(name, values, labelled ? labels : null);
    }

    private static bool IsNumber(string field) => double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Surrounding spaces and one pair of double quotes are not part of a field.</summary>
    private static string Clean(string field)
    {
        var trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }
}
