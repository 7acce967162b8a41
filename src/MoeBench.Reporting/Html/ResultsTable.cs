using System.Text;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using static MoeBench.Reporting.Html.HtmlText;

namespace MoeBench.Reporting.Html;

/// <summary>
/// Every result of the run, one row each, sortable by any column. Numeric cells carry their raw value in
/// <c>data-value</c> (nanoseconds, GFLOP/s, …) so the page sorts 9.5 µs before 12 ms, whatever the units shown.
/// A failed result keeps its row, with the reason under its label.
/// </summary>
internal static class ResultsTable
{
    private static readonly (string Title, bool Numeric)[] Columns =
    [
        ("case", false), ("level", false), ("device", false), ("provenance", false), ("status", false),
        ("median", true), ("±MAD", true), ("GFLOP/s", true), ("GB/s", true), ("% of peak", true),
        ("tokens/s", true), ("rel. error", true), ("case id", false),
    ];

    public static void Write(StringBuilder html, IReadOnlyList<CaseResult> results)
    {
        html.Append("<table id=\"results-table\" class=\"sortable\">\n<thead><tr>");
        foreach (var (title, numeric) in Columns)
        {
            html.Append("<th").Append(numeric ? " data-type=\"num\"" : "").Append(" tabindex=\"0\">").Append(E(title)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in results)
        {
            WriteRow(html, r);
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void WriteRow(StringBuilder html, CaseResult r)
    {
        var ok = r.Status == ResultStatus.Ok;
        var st = r.Statistics;
        var m = r.Metrics;
        html.Append("<tr class=\"").Append(ok ? "ok" : "failed").Append(m?.RoofExceeded == true ? " roof-exceeded" : "").Append("\">");

        html.Append("<td class=\"label\">").Append(E(r.Case.Label));
        if (!ok)
        {
            html.Append("<div class=\"reason\">").Append(E(r.FailureReason ?? "failed (no reason recorded)")).Append("</div>");
        }

        html.Append("</td>");
        Text(html, r.Case.Level.ToName(), "nw");
        Text(html, r.Device.Id, "nw");
        Text(html, r.Provenance.ToName(), $"nw prov-{r.Provenance.ToName()}");
        Text(html, r.Status.ToName(), $"nw {r.Status.ToName()}");
        Number(html, st?.MedianNs, Time(st?.MedianNs));
        Number(html, st?.MadNs, st is null ? "–" : "±" + Time(st.MadNs));
        Number(html, m?.Gflops, Num(m?.Gflops));
        Number(html, m?.Gbps, Num(m?.Gbps));
        Number(html, m?.PctOfPeak, m is null ? "–" : $"{Num(m.PctOfPeak)}% {m.BoundLabel}{(m.RoofExceeded ? $" — {Tables.PerfTable.RoofExceededMark}" : "")}");
        Number(html, m?.TokensPerSecond, Num(m?.TokensPerSecond));
        Number(html, r.RelativeError, Sci(r.RelativeError));
        html.Append("<td><code>").Append(E(r.Case.Id)).Append("</code></td>");
        html.Append("</tr>\n");
    }

    private static void Text(StringBuilder html, string text, string? css = null)
    {
        html.Append("<td");
        if (css is not null)
        {
            html.Append(" class=\"").Append(string.Join(' ', css.Split(' ').Select(Css))).Append('"');
        }

        html.Append('>').Append(E(text)).Append("</td>");
    }

    private static void Number(StringBuilder html, double? value, string shown) =>
        html.Append("<td class=\"num\" data-value=\"").Append(Key(value)).Append("\">").Append(E(shown)).Append("</td>");
}
