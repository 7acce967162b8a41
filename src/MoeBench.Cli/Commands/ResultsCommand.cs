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
        var run = new Option<string>("--run") { Description = "Run selector: a run id, latest (the newest complete run), branch:NAME, commit:SHA", DefaultValueFactory = _ => "latest" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"run\": {...}, \"results\": [...]}" };
        var timelines = new Option<bool>("--timelines")
        {
            Description = "With --json: add each serving result's per-request records and step timeline (\"serving\")",
        };
        var db = CommonOptions.Db();
        var command = new Command("results", "Show the results of a run") { run, json, timelines, db };
        command.SetAction(parse =>
        {
            var dbPath = parse.GetValue(db)!;
            using var store = StoreAccess.OpenExisting(dbPath);
            if (store is null)
            {
                return ExitCodes.BadInput;
            }

            // The same selectors, and the same meaning of `latest` (the newest complete run), as report and gate.
            var selection = StoreAccess.Resolve(store, parse.GetValue(run)!, "--run", out var code);
            if (selection is null)
            {
                return code;
            }

            var record = StoreAccess.Newest(selection);

            var results = store.GetResults(record.Id);
            if (parse.GetValue(timelines) && !parse.GetValue(json))
            {
                Console.Error.WriteLine("error: --timelines is a part of the JSON output; give --json too");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                ResultsJson.Write(stdout, record, results, parse.GetValue(timelines) ? store.GetServingTimeline : null);
                stdout.WriteByte((byte)'\n');
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("case", "device", "prov.", "status", "median", "±MAD", "GFLOP/s", "GB/s", "% peak", "tokens/s", "rel. error");
            foreach (var r in results.Select(s => s.Result))
            {
                table.AddRow(
                    Markup.Escape(r.Case.Label), r.Device.Id, r.Provenance.ToName(),
                    r.Status switch
                    {
                        ResultStatus.Ok => "ok",
                        ResultStatus.Invalid => $"[yellow]INVALID[/]: {Markup.Escape(r.FailureReason ?? "")}",
                        _ => $"[red]failed[/]: {Markup.Escape(r.FailureReason ?? "")}",
                    },
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
                $"run {record.Id} [{record.Status.ToName()}] suite {c.SuiteName} commit {c.GitCommit[..Math.Min(12, c.GitCommit.Length)]}{(c.GitDirty ? "+dirty" : "")} on {c.CpuModel}, {results.Count} results{(record.Contention is { Contended: true } k ? $"; {k.Describe()}" : "")}")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
