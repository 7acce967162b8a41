using System.CommandLine;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Html;
using MoeBench.Reporting.Selection;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench report</c>: a self-contained HTML page with PNG/SVG charts for one run — device bars, rooflines,
/// expert load, the history of its cases with change points and, with <c>--compare</c>, the gate's verdicts.
/// </summary>
public static class ReportCommand
{
    /// <summary>History charts shown in a report: those with change points first.</summary>
    private const int MaxHistoryCharts = 8;

    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run selector (default latest)", DefaultValueFactory = _ => "latest" };
        var compare = new Option<string?>("--compare") { Description = "Baseline selector to compare the run against" };
        var outDir = new Option<string>("--out") { Description = "Output directory", Required = true };
        var thresholds = new ThresholdOptions();
        var db = CommonOptions.Db();
        var command = new Command("report", "Write an HTML report with charts") { run, compare, outDir, db };
        thresholds.AddTo(command);
        command.SetAction(parse => Write(
            parse.GetValue(run)!, parse.GetValue(compare), thresholds.Read(parse), parse.GetRequiredValue(outDir), parse.GetValue(db)!));
        return command;
    }

    public static int Write(string runText, string? compareText, ThresholdFlags thresholds, string outDir, string dbPath)
    {
        using var store = StoreAccess.OpenExisting(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        var selection = StoreAccess.Resolve(store, runText, "--run", out var code);
        if (selection is null)
        {
            return code;
        }

        var record = StoreAccess.Newest(selection);
        var stored = store.GetResults(record.Id);
        var results = stored.Select(s => s.Result).ToList();
        List<ServingTimelineOf> timelines =
        [
            .. stored.Where(s => s.Result.Case.Level == CaseLevel.Scenario)
                .Select(s => store.GetServingTimeline(s.Id) is { } timeline ? new ServingTimelineOf(s.Result, timeline) : null)
                .OfType<ServingTimelineOf>(),
        ];
        var history = CaseHistories.For(store, results, limit: 50, WellKnownMetrics.TimePerInvocation)
            .Where(h => h.Entries.Count >= 3)
            .OrderByDescending(h => h.ChangePoints.Count)
            .Take(MaxHistoryCharts)
            .Select(h => h.ToChart())
            .ToList();

        IReadOnlyList<ComparisonRow>? rows = null;
        string? title = null;
        MetricDefinition? metric = null;
        if (compareText is not null)
        {
            var pair = PairComparison.Run(store, selection, compareText, "--compare", thresholds, out code);
            if (pair is null)
            {
                return code;
            }

            rows = [.. pair.Report.Cases.Select(c => new ComparisonRow(c.CaseLabel, c.DeviceId, c.Baseline?.Median, c.Candidate?.Median, c.Ratio?.Value, c.Verdict.ToName(), c.Where))];
            title = $"{pair.Baseline.Text} (baseline) → {selection.Text}";
            metric = pair.Report.Options.Metric.Definition;
        }

        var files = ReportWriter.Write(new ReportModel(record, results, history, rows, title, ComparisonMetric: metric, ServingTimelines: timelines), outDir);
        Console.WriteLine($"report: {files.IndexHtml} ({files.ChartFiles.Count} charts)");
        return ExitCodes.Ok;
    }
}
