using System.CommandLine;
using System.Globalization;
using MoeBench.Cli.Output;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;
using Spectre.Console;

namespace MoeBench.Cli.Commands;

/// <summary>
/// <c>moebench compare</c> and <c>moebench gate</c>: the same comparison; the gate also writes summary.md,
/// junit.xml and compare.json and exits 1 on a confirmed regression.
/// </summary>
public static class CompareCommand
{
    public static Command Create(bool gate)
    {
        var baseline = new Option<string>("--baseline") { Description = "Baseline runs: ID, latest, branch:NAME, commit:SHA or last:N", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "Candidate runs (same forms)", DefaultValueFactory = _ => "latest" };
        var thresholds = new ThresholdOptions();
        var db = CommonOptions.Db();
        var outDir = new Option<string>("--out") { Description = "Directory for summary.md, junit.xml, compare.json", DefaultValueFactory = _ => "reports/gate" };
        var format = OutputFormatOption.Create();
        format.Description = "table (for people), md (summary.md's Markdown) or json (compare.json's document) on stdout";
        var command = gate
            ? new Command("gate", "Compare and exit 1 on a confirmed regression (0 none, 2 bad input, 3 no usable baseline, 4 common-mode slowdown)") { baseline, candidate, db, outDir, format }
            : new Command("compare", "Compare two selections of runs case by case") { baseline, candidate, db, format };
        thresholds.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetRequiredValue(baseline), parse.GetValue(candidate)!, thresholds.Read(parse), parse.GetValue(db)!, gate ? parse.GetValue(outDir) : null,
            parse.GetValue(format)));
        return command;
    }

    /// <summary>Compares (and with <paramref name="outDir"/>, gates) two selections; `ab` gates its head run against its base run through it.</summary>
    internal static int Run(string baselineText, string candidateText, ThresholdFlags thresholds, string dbPath, string? outDir, OutputFormat format)
    {
        using var store = StoreAccess.OpenExisting(dbPath);
        if (store is null)
        {
            return ExitCodes.BadInput;
        }

        // The candidate first: the baseline is resolved against it, so it never selects one of its runs.
        var candidate = StoreAccess.Resolve(store, candidateText, "--candidate", out var code);
        if (candidate is null)
        {
            return code;
        }

        var pair = PairComparison.Run(store, candidate, baselineText, "--baseline", thresholds, out code);
        if (pair is null)
        {
            return code;
        }

        var result = GateResult.From(pair.Reports);
        switch (format)
        {
            case OutputFormat.Md:
                new MarkdownSummaryWriter().Write(result, Console.Out);
                break;
            case OutputFormat.Json:
                new CompareJsonWriter().Write(result, Console.Out);
                break;
            default:
                foreach (var report in pair.Reports)
                {
                    Print(report, titled: pair.Reports.Count > 1);
                }

                AnsiConsole.MarkupLine(Markup.Escape(result.Headline));
                break;
        }

        if (outDir is null)
        {
            return ExitCodes.Ok;
        }

        var written = GateOutputs.WriteAll(outDir, result);
        foreach (var e in written.Errors)
        {
            Console.Error.WriteLine($"warning: {e}");
        }

        // On stderr where stdout carries a document a script parses.
        (format == OutputFormat.Table ? Console.Out : Console.Error).WriteLine($"gate files: {string.Join(", ", written.Written)}");
        return result.ExitCode;
    }

    private static void Print(ComparisonReport report, bool titled)
    {
        if (titled)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Options.Metric.Id)}[/]");
        }

        var table = new Table().AddColumns("verdict", "case", "device", "baseline", "candidate", "ratio [[95% CI]]", "q", "why");
        foreach (var c in report.Cases)
        {
            var colour = c.Verdict switch
            {
                Verdict.Regressed => "red",
                Verdict.Improved => "green",
                Verdict.Noisy => "yellow",
                _ => "default",
            };
            table.AddRow(
                $"[{colour}]{c.Verdict.ToName()}[/]",
                Markup.Escape(c.CaseLabel),
                Markup.Escape(c.DeviceId),
                c.Baseline is { } b ? MetricText.Value(b.Median, report.Options.Metric.Definition) : "",
                c.Candidate is { } n ? MetricText.Value(n.Median, report.Options.Metric.Definition) : "",
                c.Ratio is { } r ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{r.Value:F3} [{r.Lower:F3}, {r.Upper:F3}]")) : "",
                c.QValue is { } q ? q.ToString("G2", CultureInfo.InvariantCulture) : "",
                Markup.Escape(c.Reason));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(report.CommonShift.Note));
    }
}
