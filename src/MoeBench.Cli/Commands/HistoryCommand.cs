using System.CommandLine;
using System.Globalization;
using MoeBench.Cli.Output;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.History;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench history</c>: each case's value of a metric (time per invocation by default: its median) over complete
/// runs, oldest first, with its steps and drifts, as a table or JSON and, with <c>--out</c>, one PNG per case in the
/// metric's unit. With <c>--input FILE.csv</c> the same analysis runs on a plain series instead of the store.
/// </summary>
public static class HistoryCommand
{
    public static Command Create()
    {
        var caseId = new Option<string?>("--case") { Description = "Case id (or its prefix)" };
        var suite = new Option<string?>("--suite") { Description = "Suite name: the cases of its latest complete run" };
        var device = new Option<string?>("--device") { Description = "Only this device id" };
        var limit = new Option<int>("--limit") { Description = "Newest runs per case", DefaultValueFactory = _ => 50 };
        var outDir = new Option<string?>("--out") { Description = "Write a history chart per case into this directory, in the metric's unit" };
        var metricId = new Option<string>("--metric") { Description = "Metric id", DefaultValueFactory = _ => WellKnownMetrics.TimePerInvocation.Id };
        var input = new Option<string?>("--input") { Description = "Analyse a CSV series instead of the store: one value per row, optional index or time column, optional header" };
        var column = new Option<string?>("--column") { Description = "With --input: the header name of the value column (default: the last column)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: each change point's index, magnitude and confidence, each drift's span and rate" };
        var db = CommonOptions.Db();
        var command = new Command("history", "A metric over runs with its steps and drifts (piecewise-linear PELT, noise-calibrated)")
        {
            caseId, suite, device, limit, outDir, metricId, input, column, json, db,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(input) is { } file)
            {
                return FromCsv(file, parse.GetValue(column), parse.GetValue(json));
            }

            using var store = StoreAccess.OpenExisting(parse.GetValue(db)!);
            if (store is null)
            {
                return ExitCodes.BadInput;
            }

            var (id, suiteName, deviceId) = (parse.GetValue(caseId), parse.GetValue(suite), parse.GetValue(device));
            var run = store.ListRuns(1000).FirstOrDefault(r => r.Status == RunStatus.Complete
                && (suiteName is null || r.Context.SuiteName == suiteName)
                && (id is null || store.GetResults(r.Id).Any(s => s.Result.Case.Id.StartsWith(id, StringComparison.Ordinal))));
            if (run is null)
            {
                Console.Error.WriteLine("error: no complete run has the selected cases");
                return ExitCodes.BadInput;
            }

            var results = store.GetResults(run.Id).Select(s => s.Result)
                .Where(r => (id is null || r.Case.Id.StartsWith(id, StringComparison.Ordinal)) && (deviceId is null || r.Device.Id == deviceId));
            var wanted = parse.GetValue(metricId)!;
            if (ResultMetrics.DefinitionIn(results, wanted) is not { } metric)
            {
                Console.Error.WriteLine($"error: no selected result of run {run.Id} has the metric '{wanted}'");
                return ExitCodes.BadInput;
            }

            var histories = CaseHistories.For(store, results, parse.GetValue(limit), metric);
            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                HistoryJson.WriteCases(stdout, histories);
            }
            else
            {
                Print(histories, metric);
            }

            if (parse.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                foreach (var h in histories.Where(h => h.Entries.Count >= 2))
                {
                    var image = HistoryChart.Render(h.ToChart(), fileStem: $"history-{h.CaseId}-{h.DeviceId}");
                    File.WriteAllBytes(Path.Combine(dir, image.FileStem + ".png"), image.Png);
                }

                (parse.GetValue(json) ? Console.Error : Console.Out).WriteLine($"charts written to {dir}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int FromCsv(string file, string? column, bool json)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"error: {file}: no such file");
            return ExitCodes.BadInput;
        }

        var series = CsvSeriesReader.Read(file, File.ReadAllLines(file), column, out var error);
        if (series is null)
        {
            Console.Error.WriteLine($"error: {error!.Message}");
            return ExitCodes.BadInput;
        }

        var analysis = SeriesAnalyzer.Analyze(series.Values);
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            HistoryJson.WriteSeries(stdout, file, series, analysis);
            return ExitCodes.Ok;
        }

        string At(int i) => series.Labels is { } labels ? $"{i} ({labels[i]})" : i.ToString(CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("finding", "at", "what");
        foreach (var s in analysis.Steps)
        {
            var what = string.Create(CultureInfo.InvariantCulture, $"{s.Before:G4} → {s.After:G4}")
                + (s.Magnitude is { } m ? string.Create(CultureInfo.InvariantCulture, $" ({m:+0.0%;-0.0%})") : "")
                + string.Create(CultureInfo.InvariantCulture, $", {s.Confidence:0.0} σ");
            table.AddRow("step", Markup.Escape(At(s.Index)), Markup.Escape(what));
        }

        foreach (var d in analysis.Drifts)
        {
            table.AddRow("drift", Markup.Escape($"{At(d.Start)} – {At(d.End)}"), Markup.Escape(DriftText.Rate(d, null)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{series.Values.Count} points; {analysis.Steps.Count} step(s), {analysis.Drifts.Count} drift(s); noise σ {analysis.Noise.Sigma:G3}, lag-1 autocorrelation {analysis.Noise.Rho:0.00}"));
        return ExitCodes.Ok;
    }

    private static void Print(IReadOnlyList<CaseHistory> histories, MetricDefinition metric)
    {
        string Format(double value) => MetricText.Value(value, metric);
        var table = new Table().AddColumns("case id", "case", "device", "runs", $"first → latest {metric.Id}", "steps (run: before → after)", "drifts");
        foreach (var h in histories)
        {
            var changes = string.Join("; ", h.ChangePoints.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"run {c.RunId} ({c.Commit[..Math.Min(7, c.Commit.Length)]}): {Format(c.MedianBefore)} → {Format(c.MedianAfter)}")));
            var drifts = string.Join("; ", h.Drifts.Select(d => string.Create(CultureInfo.InvariantCulture,
                $"runs {d.FirstRunId}–{d.LastRunId}: {DriftText.Rate(d.Drift, metric)}")));
            table.AddRow(
                h.CaseId, Markup.Escape(h.CaseLabel), h.DeviceId, h.Entries.Count.ToString(CultureInfo.InvariantCulture),
                h.Entries.Count == 0 ? "" : $"{Format(h.Entries[0].Value)} → {Format(h.Entries[^1].Value)}",
                Markup.Escape(changes.Length == 0 ? "none" : changes),
                Markup.Escape(drifts.Length == 0 ? "none" : drifts));
        }

        AnsiConsole.Write(table);
    }
}
