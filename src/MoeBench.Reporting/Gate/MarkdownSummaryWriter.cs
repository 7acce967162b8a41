using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.History;

namespace MoeBench.Reporting.Gate;

/// <summary>
/// <c>summary.md</c>, fit for a PR comment or <c>$GITHUB_STEP_SUMMARY</c>: the verdict first, counts, then every
/// case that needs a look, worst first (regressions lead); unchanged cases fold away so the page stays short.
/// Arrow's reports list "unstable" (noisy) cases apart from regressions; so does this table, by verdict.
/// </summary>
public sealed class MarkdownSummaryWriter : IGateWriter
{
    private const string Header =
        "| case | device | baseline | candidate | ratio (CI) | vs. drift | q | bar | verdict |\n" +
        "|---|---|---:|---:|---|---:|---:|---:|---|";

    public string FileName => "summary.md";

    public void Write(GateResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var mark = result.ExitCode switch
        {
            GateExitCodes.Ok => "✅",
            GateExitCodes.Regression => "❌",
            _ => "⚠️",
        };
        writer.WriteLine($"## MoeBench gate {mark} {Escape(result.Headline)}");
        writer.WriteLine();
        foreach (var report in result.Reports)
        {
            WriteReport(report, writer, titled: result.Reports.Count > 1);
        }

        if (result.Report is not { } first)
        {
            return;
        }

        var o = first.Options;
        writer.WriteLine(
            $"<sub>Regressed = BH q < {GateFormat.Q(o.QMax)}, CI beyond the min effect ({o.MinEffect}), and beyond " +
            $"{GateFormat.Q(o.NoiseMultiplier)}× the run-to-run noise learned from history, else from the runs' rounds (at least {o.RoundNoiseFloor}; " +
            $"paired round by round, at least {o.InterleavedNoiseFloor}, for two runs measured in turns), " +
            $"else {o.NoHistoryFloor}. " +
            "\"vs. drift\" is the ratio after removing the machine-wide shift; \"bar\" is the change the case had to exceed " +
            "for noise; a layer case's verdict names the phases its change sits in, from each side's phase profile.</sub>");
    }

    /// <summary>One metric's comparison: selectors, shift, counts, the cases that need a look, the rest folded.</summary>
    private static void WriteReport(ComparisonReport report, TextWriter writer, bool titled)
    {
        var metric = report.Options.Metric;
        if (titled)
        {
            writer.WriteLine($"### `{metric.Id}`");
            writer.WriteLine();
        }

        writer.WriteLine(
            $"Baseline `{report.BaselineSelector}` ({Runs(report.BaselineRunIds)}) → candidate `{report.CandidateSelector}` " +
            $"({Runs(report.CandidateRunIds)}); metric `{metric.Id}` ({metric.Unit}, {(metric.HigherIsBetter ? "higher" : "lower")} is better).");
        writer.WriteLine();
        writer.WriteLine($"Machine-wide shift: {Escape(report.CommonShift.Note)}.");
        writer.WriteLine();
        var counts = Enum.GetValues<Verdict>().Where(v => report.Count(v) > 0).OrderBy(v => v.Severity());
        writer.WriteLine(string.Join(" · ", counts.Select(v => $"**{GateFormat.Count(report.Count(v))}** {v.ToName()}")));
        writer.WriteLine();

        var attention = report.Cases.Where(c => c.Verdict != Verdict.Unchanged).ToList();
        var unchanged = report.Cases.Where(c => c.Verdict == Verdict.Unchanged).ToList();
        if (attention.Count > 0)
        {
            writer.WriteLine(Header);
            attention.ForEach(c => writer.WriteLine(Row(c, metric)));
            writer.WriteLine();
        }

        if (unchanged.Count > 0)
        {
            writer.WriteLine($"<details><summary>{GateFormat.Count(unchanged.Count)} unchanged</summary>");
            writer.WriteLine();
            writer.WriteLine(Header);
            unchanged.ForEach(c => writer.WriteLine(Row(c, metric)));
            writer.WriteLine();
            writer.WriteLine("</details>");
            writer.WriteLine();
        }

        WriteDrifts(report, writer);
    }

    /// <summary>Slow creeps over the history window: one line per drifting case, with its rate and span.</summary>
    private static void WriteDrifts(ComparisonReport report, TextWriter writer)
    {
        if (report.Drifts.Count == 0)
        {
            return;
        }

        writer.WriteLine($"**Drifts** over the last {report.Options.HistoryWindow} runs of history (a creep, not a step):");
        writer.WriteLine();
        foreach (var d in report.Drifts)
        {
            var f = d.Finding;
            writer.WriteLine(
                $"- {Escape(d.CaseLabel)} on {Escape(d.DeviceId)}: {Escape(DriftText.Rate(f.Drift, report.Options.Metric.Definition))}, " +
                $"runs {f.FirstRunId.ToString(System.Globalization.CultureInfo.InvariantCulture)}–{f.LastRunId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        writer.WriteLine();
    }

    private static string Row(CaseComparison c, MetricDescriptor metric)
    {
        var verdict = c.Verdict is Verdict.Regressed or Verdict.Failed ? $"**{c.Verdict.ToName()}**" : c.Verdict.ToName();
        if ((c.Verdict is Verdict.Regressed or Verdict.Improved or Verdict.Noisy) && c.Where.Length > 0)
        {
            verdict += $" in {c.Where}";
        }

        string[] cells =
        [
            Escape(c.CaseLabel),
            Escape(c.DeviceId),
            c.Baseline is { } b ? MetricText.Value(b.Median, metric.Definition) : "",
            c.Candidate is { } a ? MetricText.Value(a.Median, metric.Definition) : "",
            GateFormat.Ratio(c.Ratio),
            c.AdjustedRatio is { } adj ? GateFormat.Signed(adj.Value) : "",
            GateFormat.Q(c.QValue),
            GateFormat.Percent(c.NoiseBar),
            verdict,
        ];
        return "| " + string.Join(" | ", cells) + " |";
    }

    private static string Runs(IReadOnlyList<long> ids) =>
        (ids.Count == 1 ? "run " : "runs ") + string.Join(", ", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Keeps a value inside its table cell: pipes and newlines would break the row.</summary>
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
