using System.Text.Json;
using MoeBench.Cli.Commands;
using MoeBench.Reporting.History;

namespace MoeBench.Cli.Output;

/// <summary>
/// <c>history --json</c>: per series, each step (0-based index of the first point of the new segment, levels either
/// side, magnitude after/before − 1, confidence = the jump in long-run noise σ) and each drift (first and last index,
/// span, rate per point absolute and relative), with the noise they were judged against. snake_case, invariant numbers.
/// </summary>
public static class HistoryJson
{
    public static void WriteSeries(Stream stream, string source, CsvSeries series, SeriesAnalysis analysis)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("source", source);
        w.WriteString("column", series.Column);
        w.WriteNumber("points", series.Values.Count);
        WriteAnalysis(w, analysis, i => series.Labels?[i], _ => null);
        w.WriteEndObject();
    }

    public static void WriteCases(Stream stream, IReadOnlyList<CaseHistory> histories)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("cases");
        foreach (var h in histories)
        {
            w.WriteStartObject();
            w.WriteString("case_id", h.CaseId);
            w.WriteString("case", h.CaseLabel);
            w.WriteString("device", h.DeviceId);
            w.WriteString("metric", h.Metric.Id);
            w.WriteNumber("points", h.Entries.Count);
            WriteAnalysis(w, h.Findings.Analysis, i => h.Entries[i].GitCommit, i => h.Entries[i].RunId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAnalysis(Utf8JsonWriter w, SeriesAnalysis analysis, Func<int, string?> label, Func<int, long?> runId)
    {
        w.WriteStartArray("change_points");
        foreach (var s in analysis.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Index);
            Where(w, "", s.Index, label, runId);
            w.WriteNumber("before", s.Before);
            w.WriteNumber("after", s.After);
            NumberOrNull(w, "magnitude", s.Magnitude);
            w.WriteNumber("confidence", s.Confidence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("drifts");
        foreach (var d in analysis.Drifts)
        {
            w.WriteStartObject();
            w.WriteNumber("start", d.Start);
            w.WriteNumber("end", d.End);
            Where(w, "start_", d.Start, label, runId);
            Where(w, "end_", d.End, label, runId);
            w.WriteNumber("span", d.Span);
            w.WriteNumber("rate_per_point", d.RatePerPoint);
            NumberOrNull(w, "relative_rate_per_point", d.RelativeRatePerPoint);
            w.WriteNumber("change", d.Change);
            w.WriteNumber("confidence", d.Confidence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("noise");
        w.WriteNumber("sigma", analysis.Noise.Sigma);
        w.WriteNumber("rho", analysis.Noise.Rho);
        w.WriteEndObject();
    }

    /// <summary>The row's label (CSV) or run id and commit (store), where the series has them.</summary>
    private static void Where(Utf8JsonWriter w, string prefix, int index, Func<int, string?> label, Func<int, long?> runId)
    {
        if (runId(index) is { } id)
        {
            w.WriteNumber(prefix + "run_id", id);
            w.WriteString(prefix + "commit", label(index));
        }
        else if (label(index) is { } text)
        {
            w.WriteString(prefix + "label", text);
        }
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
