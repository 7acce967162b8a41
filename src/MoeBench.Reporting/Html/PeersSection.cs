using System.Globalization;
using System.Text;
using MoeBench.Core.Results;
using MoeBench.Reporting.Tables;
using static MoeBench.Reporting.Html.HtmlText;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The report's peers section: the README's peers table (<see cref="PeerTable"/>) as a sortable HTML table — each
/// case on the reference device and every peer device of the run, GFLOP/s per device and the reference's speed-up
/// over each peer. Absent where no peer ran a case the reference ran.
/// </summary>
internal static class PeersSection
{
    public const string Id = "peers";

    public static bool Applies(IReadOnlyList<CaseResult> results) => PeerTable.Build(results).Rows.Count > 0;

    public static void Write(StringBuilder html, IReadOnlyList<CaseResult> results)
    {
        var (peers, rows) = PeerTable.Build(results);
        html.Append("<section id=\"").Append(Id).Append("\">\n<h2>Peers</h2>\n<p class=\"intro\">")
            .Append(E($"The same cases on {PeerTable.ReferenceDevice} and each peer device of this run, matched on everything but the device "
                      + "(a peer's own format stands in for ours: ggml's q8_0 for int8, q4_0 for int4 with groups of 32). "
                      + $"“vs X” is {PeerTable.ReferenceDevice}'s speed-up over X: X's median time over {PeerTable.ReferenceDevice}'s, above 1 when {PeerTable.ReferenceDevice} is faster."))
            .Append("</p>\n<table id=\"peers-table\" class=\"sortable\">\n<thead><tr><th tabindex=\"0\">case</th>");
        foreach (var device in peers.Prepend(PeerTable.ReferenceDevice))
        {
            html.Append("<th data-type=\"num\" tabindex=\"0\">").Append(E($"{device} GFLOP/s")).Append("</th>");
        }

        foreach (var peer in peers)
        {
            html.Append("<th data-type=\"num\" tabindex=\"0\">").Append(E($"vs {peer}")).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr><td class=\"label\">").Append(E(row.Reference.Case.Label)).Append("</td>");
            Gflops(html, row.Reference, null);
            foreach (var cell in row.Peers)
            {
                Gflops(html, cell.Result, cell.Format);
            }

            foreach (var cell in row.Peers)
            {
                var speedUp = row.SpeedUp(cell);
                html.Append("<td class=\"num\" data-value=\"").Append(Key(speedUp)).Append("\">")
                    .Append(speedUp is null ? "–" : E(row.SpeedUpText(cell))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Gflops(StringBuilder html, CaseResult? result, string? format)
    {
        var gflops = result?.Metrics?.Gflops;
        html.Append("<td class=\"num\" data-value=\"").Append(Key(gflops)).Append("\">")
            .Append(result is null ? "–" : E(Num(gflops) + (format is null ? "" : $" ({format})"))).Append("</td>");
    }
}
