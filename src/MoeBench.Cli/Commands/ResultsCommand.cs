using System.CommandLine;
using System.Globalization;
using MoeBench.Cli.Output;
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
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"run\": {...}, \"results\": [...]} (the same as --format json)" };
        var format = OutputFormatOption.Create();
        var timelines = new Option<bool>("--timelines")
        {
            Description = "With JSON output: add each serving result's per-request records and step timeline (\"serving\")",
        };
        var db = CommonOptions.Db();
        var command = new Command("results", "Show the results of a run") { run, json, format, timelines, db };
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
            var chosen = parse.GetValue(json) ? OutputFormat.Json : parse.GetValue(format);
            if (parse.GetValue(timelines) && chosen != OutputFormat.Json)
            {
                Console.Error.WriteLine("error: --timelines is a part of the JSON output; give --format json (or --json) too");
                return ExitCodes.BadInput;
            }

            if (chosen == OutputFormat.Json)
            {
                using var stdout = Console.OpenStandardOutput();
                ResultsJson.Write(stdout, record, results, parse.GetValue(timelines) ? store.GetServingTimeline : null);
                stdout.WriteByte((byte)'\n');
                return ExitCodes.Ok;
            }

            var rows = results.Select(r => Row(r.Result)).ToList();
            if (chosen == OutputFormat.Md)
            {
                MarkdownTable.Write(Console.Out, Headers, rows);
                Console.Out.WriteLine();
            }
            else
            {
                var table = new Table().AddColumns([.. Headers]);
                foreach (var row in rows)
                {
                    table.AddRow([.. row.Select(Coloured)]);
                }

                AnsiConsole.Write(table);
            }

            var c = record.Context;
            Console.Out.WriteLine(F(
                $"run {record.Id} [{record.Status.ToName()}] suite {c.SuiteName} commit {c.GitCommit[..Math.Min(12, c.GitCommit.Length)]}{(c.GitDirty ? "+dirty" : "")} on {c.CpuModel}, {results.Count} results{(record.Contention is { Contended: true } k ? $"; {k.Describe()}" : "")}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly string[] Headers = ["case", "device", "prov.", "status", "median", "±MAD", "GFLOP/s", "GB/s", "% peak", "tokens/s", "rel. error"];

    /// <summary>One result's cells as plain text, the same for the console table and the Markdown one.</summary>
    private static string[] Row(CaseResult r) =>
    [
        r.Case.Label, r.Device.Id, r.Provenance.ToName(),
        r.Status switch
        {
            ResultStatus.Ok => "ok",
            ResultStatus.Invalid => $"INVALID: {r.FailureReason}",
            _ => $"failed: {r.FailureReason}",
        },
        r.Statistics is { } s ? TimeUnit.Format(s.MedianNs) : "",
        r.Statistics is { } s2 ? F($"{100 * s2.RelativeMad:F1}%") : "",
        r.Metrics is { } m ? F($"{m.Gflops:F1}") : "",
        r.Metrics is { } m2 ? F($"{m2.Gbps:F1}") : "",
        r.Metrics is { } m3 ? F($"{m3.PctOfPeak:F0}% {m3.BoundLabel}{(m3.RoofExceeded ? " roof exceeded" : "")}") : "",
        r.Metrics?.TokensPerSecond is { } tps ? F($"{tps:F0}") : "",
        r.RelativeError is { } e ? F($"{e:E1}") : "",
    ];

    /// <summary>A cell as console markup: what needs a look (a failure, an INVALID run, a roof exceeded) in colour.</summary>
    private static string Coloured(string cell)
    {
        var text = Markup.Escape(cell);
        if (cell.StartsWith("failed: ", StringComparison.Ordinal))
        {
            return $"[red]{text}[/]";
        }

        if (cell.StartsWith("INVALID: ", StringComparison.Ordinal))
        {
            return $"[yellow]{text}[/]";
        }

        return cell.EndsWith(" roof exceeded", StringComparison.Ordinal) ? $"[red]{text}[/]" : text;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
