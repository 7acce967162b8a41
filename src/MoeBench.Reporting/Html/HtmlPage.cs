using System.Text;
using MoeBench.Core;
using MoeBench.Core.Results;
using static MoeBench.Reporting.Html.HtmlText;

namespace MoeBench.Reporting.Html;

/// <summary>
/// Lays out the page: run header, summary counts, chart sections, the prediction errors (when devices were modeled),
/// the peers table (when peers ran), the comparison
/// (when given) and the table of every result. Charts arrive rendered; images go inline as base64 so the page stands alone.
/// </summary>
internal static class HtmlPage
{
    public static string Build(ReportModel model, IReadOnlyList<ChartSection> sections)
    {
        var run = model.Run;
        var ctx = run.Context;
        var html = new StringBuilder(1 << 20);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>MoeBench report: run ").Append(Int(run.Id)).Append(" (").Append(E(ctx.SuiteName)).Append(")</title>\n")
            .Append("<style>\n").Append(PageAssets.Css).Append("\n</style>\n</head>\n<body>\n");

        WriteHeader(html, run);
        WriteNav(html, model, sections);
        WriteSummary(html, model.Results);
        foreach (var section in sections)
        {
            WriteSection(html, section);
        }

        if (PredictionSection.Applies(model.Results))
        {
            PredictionSection.Write(html, model.Results);
        }

        if (PeersSection.Applies(model.Results))
        {
            PeersSection.Write(html, model.Results);
        }

        if (model.Comparison is { } rows)
        {
            html.Append("<section id=\"comparison\">\n<h2>Comparison</h2>\n");
            html.Append("<p class=\"intro\">").Append(E(model.ComparisonTitle ?? "Baseline vs this run"))
                .Append(": ratio of medians per case and device, with the gate's verdict. Regressions first.</p>\n");
            ComparisonTable.Write(html, rows, model.ComparisonMetric ?? WellKnownMetrics.TimePerInvocation);
            html.Append("</section>\n");
        }

        html.Append("<section id=\"results\">\n<h2>Results</h2>\n<p class=\"intro\">Every result of the run; click a column header to sort. ")
            .Append("Median and ±MAD are per invocation; % of peak is against the roof that bounds the case.</p>\n");
        ResultsTable.Write(html, model.Results);
        html.Append("</section>\n<footer><p class=\"note\">MoeBench ").Append(E(ctx.ToolVersion)).Append("</p></footer>\n")
            .Append("<script>\n").Append(PageAssets.SortScript).Append("\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteHeader(StringBuilder html, RunRecord run)
    {
        var ctx = run.Context;
        html.Append("<header>\n<h1>MoeBench report: run ").Append(Int(run.Id)).Append("</h1>\n<dl class=\"run\">\n");
        Item(html, "status", run.Status.ToName());
        Item(html, "suite", $"{ctx.SuiteName} ({Short(ctx.SuiteHash, 12)})");
        Item(html, "commit", $"{Short(ctx.GitCommit, 12)} on {ctx.GitBranch}{(ctx.GitDirty ? " (dirty)" : "")}");
        Item(html, "host", ctx.Host);
        Item(html, "CPU", $"{ctx.CpuModel}, {Int(ctx.CpuCores)} cores, {ctx.CpuIsa}");
        Item(html, "OS / runtime", $"{ctx.Os} / {ctx.Runtime}");
        Item(html, "started", Date(ctx.StartedUtc));
        Item(html, "ended", Date(run.EndedUtc));
        Item(html, "seed", Int(ctx.Seed));
        Item(html, "tool", ctx.ToolVersion);
        if (run.Contention is { } contention)
        {
            Item(html, "machine", contention.Describe());
        }

        html.Append("</dl>\n");
        if (run.Contention is { Contended: true } busy)
        {
            html.Append("<p class=\"warning\"><strong>This run was ").Append(E(busy.Describe()))
                .Append(".</strong> Its timings are not an idle machine's; compare them with care.</p>\n");
        }

        if (ctx.Environment.Count > 0)
        {
            html.Append("<details><summary>Environment</summary><ul>\n");
            foreach (var (key, value) in ctx.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                html.Append("<li><code>").Append(E(key)).Append('=').Append(E(value)).Append("</code></li>\n");
            }

            html.Append("</ul></details>\n");
        }

        html.Append("</header>\n");
    }

    private static void WriteNav(StringBuilder html, ReportModel model, IReadOnlyList<ChartSection> sections)
    {
        html.Append("<nav><a href=\"#summary\">Summary</a>");
        foreach (var s in sections)
        {
            html.Append("<a href=\"#").Append(s.Id).Append("\">").Append(E(s.Heading)).Append("</a>");
        }

        html.Append(PredictionSection.Applies(model.Results) ? $"<a href=\"#{PredictionSection.Id}\">{PredictionSection.Heading}</a>" : "")
            .Append(PeersSection.Applies(model.Results) ? "<a href=\"#peers\">Peers</a>" : "")
            .Append(model.Comparison is null ? "" : "<a href=\"#comparison\">Comparison</a>").Append("<a href=\"#results\">Results</a></nav>\n");
    }

    private static void WriteSummary(StringBuilder html, IReadOnlyList<CaseResult> results)
    {
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"counts\">\n");
        Count(html, "summary-results", results.Count, "results");
        Count(html, "summary-ok", results.Count(r => r.Status == ResultStatus.Ok), "ok");
        Count(html, "summary-failed", results.Count(r => r.Status == ResultStatus.Failed), "failed");
        Count(html, "summary-invalid", results.Count(r => r.Status == ResultStatus.Invalid), "INVALID");
        foreach (var p in Enum.GetValues<Provenance>())
        {
            Count(html, $"summary-{p.ToName()}", results.Count(r => r.Provenance == p), p.ToName());
        }

        Count(html, "summary-cases", results.Select(r => r.Case.Id).Distinct().Count(), "cases");
        Count(html, "summary-devices", results.Select(r => r.Device.Id).Distinct().Count(), "devices");
        html.Append("</ul>\n");
        PredictionSection.WriteSummaryLine(html, results);
        var exceeded = results.Where(r => r.Status == ResultStatus.Ok && r.Metrics?.RoofExceeded == true).ToList();
        if (exceeded.Count > 0)
        {
            // A result above its roof proves that roof wrong; its share is kept as measured and every reader is told.
            html.Append("<p class=\"note roof-exceeded\">").Append(Int(exceeded.Count))
                .Append(" result(s) exceed their roof (marked “roof exceeded” below): the roof under-reads the device, and the share is kept as measured.</p>\n<ul class=\"failures\">\n");
            foreach (var r in exceeded)
            {
                html.Append("<li><b>").Append(E(r.Case.Label)).Append("</b> on ").Append(E(r.Device.Id)).Append(": ")
                    .Append(E($"{Num(r.Metrics!.PctOfPeak)}% of its {r.Metrics.BoundLabel} roof")).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        var failed = results.Where(r => r.Status == ResultStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            html.Append("<p class=\"note\">Failed results are never timed; their reasons:</p>\n<ul class=\"failures\">\n");
            foreach (var r in failed)
            {
                html.Append("<li><b>").Append(E(r.Case.Label)).Append("</b> on ").Append(E(r.Device.Id)).Append(": ")
                    .Append(E(r.FailureReason ?? "no reason recorded")).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        var invalid = results.Where(r => r.Status == ResultStatus.Invalid).ToList();
        if (invalid.Count > 0)
        {
            html.Append("<p class=\"note\">INVALID serving runs broke a rule that makes their numbers comparable (MLPerf LoadGen); they are drawn, marked, but never compared or gated:</p>\n<ul class=\"failures\">\n");
            foreach (var r in invalid)
            {
                html.Append("<li><b>").Append(E(r.Case.Label)).Append("</b> on ").Append(E(r.Device.Id)).Append(": INVALID — ")
                    .Append(E(r.FailureReason ?? "no rule recorded")).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    private static void WriteSection(StringBuilder html, ChartSection section)
    {
        html.Append("<section id=\"").Append(section.Id).Append("\">\n<h2>").Append(E(section.Heading)).Append("</h2>\n")
            .Append("<p class=\"intro\">").Append(E(section.Intro)).Append("</p>\n");
        if (section.Charts.Count == 0)
        {
            html.Append("<p class=\"note\">").Append(E(section.EmptyNote)).Append("</p>\n");
        }

        foreach (var chart in section.Charts)
        {
            html.Append("<figure>\n<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png))
                .Append("\" alt=\"").Append(E(chart.Title)).Append("\" width=\"").Append(Int(chart.Width))
                .Append("\" height=\"").Append(Int(chart.Height)).Append("\">\n<figcaption>").Append(E(chart.Title))
                .Append(" — <a href=\"").Append(E(chart.FileStem)).Append(".png\">PNG</a>, <a href=\"")
                .Append(E(chart.FileStem)).Append(".svg\">SVG</a></figcaption>\n</figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void Item(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Count(StringBuilder html, string id, int count, string what) =>
        html.Append("<li id=\"").Append(id).Append("\"><b>").Append(Int(count)).Append("</b>").Append(E(what)).Append("</li>\n");

    private static string Short(string text, int length) => text.Length > length ? text[..length] : text;
}
