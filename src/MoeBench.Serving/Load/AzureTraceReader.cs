using System.Globalization;

namespace MoeBench.Serving.Load;

/// <summary>
/// The Azure LLM inference trace 2023 (Splitwise, ISCA 2024; CC-BY 4.0; shared/data/traces/azure-llm-inference-2023):
/// a CSV with header <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>, timestamps like <c>2023-11-16 18:17:03.9799600</c>.
/// </summary>
public static class AzureTraceReader
{
    public const string Header = "TIMESTAMP,ContextTokens,GeneratedTokens";

    /// <summary>The format writes seven decimals of a second.</summary>
    public const double Quantum = 1e-7;

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"];

    public static TraceFile Read(string path)
    {
        var records = new List<TraceRecord>();
        DateTime? first = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number == 1)
            {
                if (line.Trim().TrimStart('\uFEFF') != Header)
                {
                    throw new TraceFormatException(path, 1, "header", $"expected '{Header}', got '{line}'");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw new TraceFormatException(path, number, "line", $"expected 3 comma-separated fields, got {fields.Length}");
            }

            if (!DateTime.TryParseExact(fields[0], TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new TraceFormatException(path, number, "TIMESTAMP", $"expected yyyy-MM-dd HH:mm:ss.fffffff, got '{fields[0]}'");
            }

            first ??= time;
            records.Add(new TraceRecord(
                (time - first.Value).TotalSeconds,
                TraceFields.Tokens(path, number, "ContextTokens", fields[1]),
                TraceFields.Tokens(path, number, "GeneratedTokens", fields[2]),
                []));
        }

        return new TraceFile(path, records, Quantum, 0);
    }
}
