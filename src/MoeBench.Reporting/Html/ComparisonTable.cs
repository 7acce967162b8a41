using System.Text;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using static MoeBench.Reporting.Html.HtmlText;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The gate's verdicts as a sortable table, regressions first: the rows a reader of a failed CI run wants.
/// </summary>
internal static class ComparisonTable
{
    private static readonly string[] VerdictOrder = ["regressed", "noisy", "missing", "new", "improved", "unchanged"];

    public static void Write(StringBuilder html, IReadOnlyList<ComparisonRow> rows, MetricDefinition metric)
    {
        html.Append("<table id=\"comparison-table\" class=\"sortable\">\n<thead><tr>")
            .Append("<th tabindex=\"0\">case</th><th tabindex=\"0\">device</th>")
            .Append("<th data-type=\"num\" tabindex=\"0\">baseline median</th><th data-type=\"num\" tabindex=\"0\">candidate median</th>")
            .Append("<th data-type=\"num\" tabindex=\"0\">ratio (candidate / baseline)</th><th data-type=\"num\" tabindex=\"0\">verdict</th><th tabindex=\"0\">where (layer phases)</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows.OrderBy(Rank).ThenByDescending(r => r.Ratio ?? 0).ThenBy(r => r.CaseLabel, StringComparer.Ordinal))
        {
            var verdict = Css(row.Verdict);
            html.Append("<tr class=\"verdict-").Append(verdict).Append("\">")
                .Append("<td class=\"label\">").Append(E(row.CaseLabel)).Append("</td>")
                .Append("<td>").Append(E(row.Device)).Append("</td>");
            Number(html, row.BaselineMedian, row.BaselineMedian is { } b ? MetricText.Value(b, metric) : "–");
            Number(html, row.CandidateMedian, row.CandidateMedian is { } c ? MetricText.Value(c, metric) : "–");
            Number(html, row.Ratio, row.Ratio is { } q ? Num(q) + "×" : "–");
            // Sorting the verdict column orders by severity, not alphabetically.
            html.Append("<td class=\"verdict\" data-value=\"").Append(Int(Rank(row))).Append("\">").Append(E(row.Verdict)).Append("</td>")
                .Append("<td class=\"label\">").Append(E(row.Where)).Append("</td>")
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static int Rank(ComparisonRow row)
    {
        var i = Array.IndexOf(VerdictOrder, row.Verdict.ToLowerInvariant());
        return i < 0 ? VerdictOrder.Length : i;
    }

    private static void Number(StringBuilder html, double? value, string shown) =>
        html.Append("<td class=\"num\" data-value=\"").Append(Key(value)).Append("\">").Append(E(shown)).Append("</td>");
}
