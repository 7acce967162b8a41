using System.CommandLine;
using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Storage;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary><c>moebench results</c>: one run's results as a table or as JSON.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run id, or 'latest'", DefaultValueFactory = _ => "latest" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"run\": {...}, \"results\": [...]}" };
        var db = CommonOptions.Db();
        var command = new Command("results", "Show the results of a run") { run, json, db };
        command.SetAction(parse =>
        {
            var dbPath = parse.GetValue(db)!;
            using var store = StoreAccess.OpenExisting(dbPath);
            if (store is null)
            {
                return ExitCodes.BadInput;
            }

            var selector = parse.GetValue(run)!;
            RunRecord? record = selector == "latest"
                ? store.LatestRun()
                : long.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? store.GetRun(id) : null;
            if (record is null)
            {
                Console.Error.WriteLine($"error: no run '{selector}' in {dbPath}");
                return ExitCodes.BadInput;
            }

            var results = store.GetResults(record.Id);
            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                ResultsJson.Write(stdout, record, results);
                stdout.WriteByte((byte)'\n');
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("case", "device", "prov.", "status", "median", "±MAD", "GFLOP/s", "GB/s", "% peak", "tokens/s", "rel. error");
            foreach (var r in results.Select(s => s.Result))
            {
                table.AddRow(
                    Markup.Escape(r.Case.Label), r.Device.Id, r.Provenance.ToName(),
                    r.Status == ResultStatus.Ok ? "ok" : $"[red]failed[/]: {Markup.Escape(r.FailureReason ?? "")}",
                    r.Statistics is { } s ? TimeUnit.Format(s.MedianNs) : "",
                    r.Statistics is { } s2 ? F($"{100 * s2.RelativeMad:F1}%") : "",
                    r.Metrics is { } m ? F($"{m.Gflops:F1}") : "",
                    r.Metrics is { } m2 ? F($"{m2.Gbps:F1}") : "",
                    r.Metrics is { } m3 ? F($"{m3.PctOfPeak:F0}% {Markup.Escape(m3.BoundLabel)}{(m3.RoofExceeded ? " [red]roof exceeded[/]" : "")}") : "",
                    r.Metrics?.TokensPerSecond is { } tps ? F($"{tps:F0}") : "",
                    r.RelativeError is { } e ? F($"{e:E1}") : "");
            }

            AnsiConsole.Write(table);
            var c = record.Context;
            AnsiConsole.MarkupLine(Markup.Escape(F(
                $"run {record.Id} [{record.Status.ToName()}] suite {c.SuiteName} commit {c.GitCommit[..Math.Min(12, c.GitCommit.Length)]}{(c.GitDirty ? "+dirty" : "")} on {c.CpuModel}, {results.Count} results")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
