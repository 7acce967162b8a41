using System.CommandLine;
using System.Globalization;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Comparison;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench history</c>: each case's value of a metric (time per invocation by default: its median) over complete
/// runs, oldest first, with its change points, as a table and, with <c>--out</c>, one PNG per case in the metric's unit.
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
        var db = CommonOptions.Db();
        var command = new Command("history", "A metric over runs with change points (ED-PELT + t-test)") { caseId, suite, device, limit, outDir, metricId, db };
        command.SetAction(parse =>
        {
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
            Print(histories, metric);
            if (parse.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                foreach (var h in histories.Where(h => h.Entries.Count >= 2))
                {
                    var image = HistoryChart.Render(h.ToChart(), fileStem: $"history-{h.CaseId}-{h.DeviceId}");
                    File.WriteAllBytes(Path.Combine(dir, image.FileStem + ".png"), image.Png);
                }

                Console.WriteLine($"charts written to {dir}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IReadOnlyList<CaseHistory> histories, MetricDefinition metric)
    {
        string Format(double value) => MetricText.Value(value, metric);
        var table = new Table().AddColumns("case id", "case", "device", "runs", $"first → latest {metric.Id}", "change points (run: before → after)");
        foreach (var h in histories)
        {
            var changes = string.Join("; ", h.ChangePoints.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"run {c.RunId} ({c.Commit[..Math.Min(7, c.Commit.Length)]}): {Format(c.MedianBefore)} → {Format(c.MedianAfter)}")));
            table.AddRow(
                h.CaseId, Markup.Escape(h.CaseLabel), h.DeviceId, h.Entries.Count.ToString(CultureInfo.InvariantCulture),
                h.Entries.Count == 0 ? "" : $"{Format(h.Entries[0].Value)} → {Format(h.Entries[^1].Value)}",
                Markup.Escape(changes.Length == 0 ? "none" : changes));
        }

        AnsiConsole.Write(table);
    }
}
