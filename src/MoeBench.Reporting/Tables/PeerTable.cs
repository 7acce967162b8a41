using System.Globalization;
using System.Text;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tables;

/// <summary>One device's result of a peer row; null where that device has no ok result of the case.</summary>
public sealed record PeerCell(string Device, CaseResult? Result)
{
    /// <summary>The peer's own format where it ran one in place of ours (<c>q8_0</c>), else null.</summary>
    public string? Format => Result is null ? null : PeerPairing.PeerFormat(Result.Case);
}

/// <summary>
/// One case on the reference device and its peers. <see cref="SpeedUp"/> is the reference's speed-up over a peer: the
/// peer's median time over the reference's, so above 1 the reference is faster.
/// </summary>
public sealed record PeerRow(CaseResult Reference, IReadOnlyList<PeerCell> Peers)
{
    public double? SpeedUp(PeerCell peer) =>
        peer?.Result?.Statistics is { } p && Reference.Statistics is { } r && r.MedianNs > 0 ? p.MedianNs / r.MedianNs : null;

    /// <summary>
    /// Whether the reference and the peer tie: their medians' 95% confidence intervals overlap, so neither is faster
    /// beyond the noise. Two devices that both stream their weights at the memory's speed tie, and a ratio a hair off 1
    /// then says nothing about which is faster. False where either has no statistics.
    /// </summary>
    public bool Ties(PeerCell peer) =>
        peer?.Result?.Statistics is { } p && Reference.Statistics is { } r && p.CiLowerNs <= r.CiUpperNs && r.CiLowerNs <= p.CiUpperNs;

    /// <summary>The speed-up as the tables print it: <c>1.20×</c>, with <c>(tie)</c> where <see cref="Ties"/>; empty without one.</summary>
    public string SpeedUpText(PeerCell peer) =>
        SpeedUp(peer) is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:F2}×{(Ties(peer) ? " (tie)" : "")}") : "";
}

/// <summary>
/// The peers table of one run: every case the reference device (<c>cpu</c>) ran that a peer device of the same run
/// (<c>cpu-blas</c>, <c>ggml</c>, any other measured device) ran too — matched by <see cref="PeerPairing"/> — with
/// each device's GFLOP/s and the reference's speed-up over each peer. Generated from the database like the
/// performance table, for the README and the report.
/// </summary>
public static class PeerTable
{
    public const string ReferenceDevice = "cpu";

    /// <summary>The peer devices (ordinal order) and one row per case the reference and at least one peer ran.</summary>
    public static (IReadOnlyList<string> Peers, IReadOnlyList<PeerRow> Rows) Build(IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Where(r => r is { Status: ResultStatus.Ok, Statistics: not null, Provenance: Provenance.Measured }).ToList();
        var references = ok.Where(r => r.Device.Id == ReferenceDevice).ToList();
        var others = ok.Where(r => r.Device.Id != ReferenceDevice).ToList();
        var peers = others.Where(o => references.Any(r => PeerPairing.Pairs(r.Case, o.Case)))
            .Select(o => o.Device.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = references
            .Select(r => new PeerRow(r, [.. peers.Select(p => new PeerCell(p, others.FirstOrDefault(o => o.Device.Id == p && PeerPairing.Pairs(r.Case, o.Case))))]))
            .Where(row => row.Peers.Any(c => c.Result is not null))
            .OrderBy(row => row.Reference.Case.Level).ThenBy(row => row.Reference.Case.Name, StringComparer.Ordinal)
            .ThenBy(row => row.Reference.Case.Label, StringComparer.Ordinal)
            .ToList();
        return (peers, rows);
    }

    public static string Markdown(RunRecord run, IReadOnlyList<StoredResult> results)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(results);
        var (peers, rows) = Build([.. results.Select(r => r.Result)]);
        var text = new StringBuilder();
        if (rows.Count == 0)
        {
            text.AppendLine(F($"Run {run.Id} has no case that `{ReferenceDevice}` and a peer device both ran."));
            return text.ToString();
        }

        var devices = peers.Prepend(ReferenceDevice).ToList();
        text.AppendLine($"| case | {string.Join(" | ", devices.Select(d => $"{d} GFLOP/s"))} | {string.Join(" | ", peers.Select(p => $"vs {p}"))} |");
        text.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---:|", devices.Count + peers.Count))}");
        foreach (var row in rows)
        {
            var cells = new List<string> { Escape(row.Reference.Case.Label), Gflops(row.Reference, null) };
            cells.AddRange(row.Peers.Select(c => c.Result is null ? "" : Gflops(c.Result, c.Format)));
            cells.AddRange(row.Peers.Select(row.SpeedUpText));
            text.AppendLine($"| {string.Join(" | ", cells)} |");
        }

        var c = run.Context;
        text.AppendLine();
        text.AppendLine(F($"Run {run.Id} ({run.Status.ToName()}) of suite `{c.SuiteName}`, commit `{c.GitCommit[..Math.Min(12, c.GitCommit.Length)]}{(c.GitDirty ? "+dirty" : "")}`, {c.CpuModel} ({c.CpuCores} cores), {c.StartedUtc:yyyy-MM-dd}; all measured in that run."));
        text.AppendLine(F($"`vs X` is `{ReferenceDevice}`'s speed-up over X on the same case: X's median time over `{ReferenceDevice}`'s (above 1, `{ReferenceDevice}` is faster);"));
        text.AppendLine("`(tie)`: the two medians' 95% confidence intervals overlap, so neither is faster beyond the noise.");
        text.AppendLine("Cases are matched on everything but the device; a peer's own format stands in for ours: ggml's `q8_0` for `int8`, `q4_0` for `int4` with groups of 32 (named beside its figure).");
        return text.ToString();
    }

    private static string Gflops(CaseResult result, string? format) =>
        result.Metrics is { } m ? F($"{m.Gflops:F1}") + (format is null ? "" : $" ({format})") : TimeUnit.Format(result.Statistics!.MedianNs);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
