using System.Globalization;
using System.Text;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tables;

/// <summary>
/// The performance table of one run as Markdown, for the README and for vendor notes: every valid result with its
/// rate, its share of the roof that bounds it, and the two ratios the CPU reference is judged by — against the
/// vendor library on the same case (<c>vs cpu-blas</c>: that library's time over this one's) and, for narrow expert
/// weights, against the fp32 twin of the same shape on the same device (<c>vs f32</c>: tokens/s ratio) — and, for
/// layers, the share of time outside the expert GEMMs. Generated
/// from the database so the README never carries a number no run produced.
/// </summary>
public static class PerfTable
{
    public const string BlasDevice = "cpu-blas";

    /// <summary>Params that make a case narrow-weight; without them a case is its own fp32 twin.</summary>
    private static readonly string[] PrecisionKeys = ["weight_dtype", "group_size", "hot_experts", "hot_dtype"];

    public static string Markdown(RunRecord run, IReadOnlyList<StoredResult> results)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Select(r => r.Result).Where(r => r is { Status: ResultStatus.Ok, Statistics: not null }).ToList();
        var text = new StringBuilder();
        text.AppendLine("| case | device | median | GFLOP/s | GB/s | % of roof | tokens/s | vs cpu-blas | vs f32 | non-GEMM |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in ok.OrderBy(r => r.Case.Level).ThenBy(r => r.Case.Name, StringComparer.Ordinal)
                     .ThenBy(r => r.Case.Label, StringComparer.Ordinal).ThenBy(r => r.Device.Id, StringComparer.Ordinal))
        {
            var m = r.Metrics;
            text.AppendLine(string.Join(" | ", [
                $"| {Escape(r.Case.Label)}",
                r.Device.Id,
                TimeUnit.Format(r.Statistics!.MedianNs),
                m is null ? "" : F($"{m.Gflops:F1}"),
                m is null ? "" : F($"{m.Gbps:F1}"),
                m is null ? "" : F($"{m.PctOfPeak:F0}% {m.BoundLabel}{(m.RoofExceeded ? $" **{RoofExceededMark}**" : "")}"),
                m?.TokensPerSecond is { } tps ? F($"{tps:F0}") : "",
                Ratio(BlasTwin(r, ok), r),
                Ratio(F32Twin(r, ok), r),
                (r.Profile is { } profile ? F($"{100 * profile.NonGemmShare:F1}%") : "") + " |",
            ]));
        }

        var c = run.Context;
        text.AppendLine();
        text.Append(F($"Run {run.Id} ({run.Status.ToName()}) of suite `{c.SuiteName}`, commit `{c.GitCommit[..Math.Min(12, c.GitCommit.Length)]}{(c.GitDirty ? "+dirty" : "")}`, "));
        text.AppendLine(F($"{c.CpuModel} ({c.CpuCores} cores), {c.StartedUtc:yyyy-MM-dd}. Roofs:"));
        // The calibrated roofs: a probed result carries the bandwidth measured beside its samples instead.
        var calibrated = ok.OrderBy(r => r.SampleBandwidths is null ? 0 : 1).Select(r => r.Device).DistinctBy(d => d.IdentityKey);
        foreach (var device in calibrated.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var integer = device.HasIntegerRoof ? F($", {device.PeakFlopsInteger / 1e9:F0} GFLOP/s integer dot products") : "";
            text.AppendLine(F($"`{device.Id}` {device.PeakFlopsF32 / 1e9:F0} GFLOP/s fp32{integer}, {Tiers(device)} ({device.RoofSource});"));
        }

        text.AppendLine("all measured. Ratios above 1 favour the row: `vs cpu-blas` is OpenBLAS's time over this row's on the same case,");
        text.AppendLine("`vs f32` the fp32 twin's time over this row's on the same shape and device; `non-GEMM` a layer's time outside");
        text.AppendLine("the expert GEMMs (gate, top-k, permute, activation, combine), from its phase profile.");
        if (ok.Any(r => r.SampleBandwidths is not null))
        {
            text.AppendLine("Memory-bound cold cases are held, sample by sample, to the faster of the calibrated bandwidth above and the");
            text.AppendLine("bandwidth probed beside the sample (docs/roofs.md): a roof is the most the device has shown.");
        }

        if (ok.Any(r => r.Metrics?.RoofTier is { } tier && r.Device.MemoryTiers.Count > 0 && tier != r.Device.MemoryTiers[0].Name))
        {
            text.AppendLine("Hot cases are held to the cache tier their working set fits in (`memory (l2)`); one past the last cache to");
            text.AppendLine("that cache and DRAM together (`memory (l3+dram)`: only the bytes the caches cannot keep come from DRAM).");
        }

        var exceeded = ok.Count(r => r.Metrics?.RoofExceeded == true);
        if (exceeded > 0)
        {
            text.AppendLine(F($"**{exceeded} result(s) exceed their roof** (marked {RoofExceededMark}): that roof under-reads the device; the share is kept as measured."));
        }

        return text.ToString();
    }

    /// <summary>Replaces the text between the begin and end markers of <paramref name="document"/> with <paramref name="table"/>.</summary>
    public static string Splice(string document, string table, string begin = "<!-- perf-table:begin -->", string end = "<!-- perf-table:end -->")
    {
        ArgumentNullException.ThrowIfNull(document);
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var stop = document.IndexOf(end, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            throw new FormatException($"the document has no '{begin}' … '{end}' section to replace");
        }

        return string.Concat(document.AsSpan(0, start + begin.Length), "\n", table, document.AsSpan(stop));
    }

    /// <summary>How a result above its roof is marked, in this table and the report.</summary>
    public const string RoofExceededMark = "roof exceeded";

    /// <summary>
    /// The main memory's bandwidth, then the cache tiers' where the device measured them:
    /// <c>68.8 GB/s, caches l1 393.3, l2 223.1, l3 130.9 GB/s</c>.
    /// </summary>
    private static string Tiers(DeviceInfo device)
    {
        var main = F($"{device.BandwidthBytesPerSecond / 1e9:F1} GB/s");
        var caches = device.MemoryTiers.Skip(1).Select(t => F($"{t.Name} {t.BandwidthBytesPerSecond / 1e9:F1}")).ToList();
        return caches.Count == 0 ? main : $"{main}, caches {string.Join(", ", caches)} GB/s";
    }

    private static CaseResult? BlasTwin(CaseResult r, IEnumerable<CaseResult> all) => r.Device.Id == BlasDevice
        ? null
        : all.FirstOrDefault(o => o.Device.Id == BlasDevice && o.Case.Id == r.Case.Id);

    /// <summary>The same shape with fp32 weights on the same device: <c>quant_grouped_gemm</c>'s twin is <c>grouped_gemm</c>.</summary>
    private static CaseResult? F32Twin(CaseResult r, IEnumerable<CaseResult> all)
    {
        if (CommonParams.WeightDTypeOf(r.Case.Params) is null or DType.F32)
        {
            return null;
        }

        var name = r.Case.Name == "quant_grouped_gemm" ? "grouped_gemm" : r.Case.Name;
        var shape = WithoutPrecision(r.Case.Params);
        return all.FirstOrDefault(o =>
            o.Device.IdentityKey == r.Device.IdentityKey
            && o.Case.Level == r.Case.Level
            && o.Case.Name == name
            && CommonParams.WeightDTypeOf(o.Case.Params) is null or DType.F32
            && WithoutPrecision(o.Case.Params).Equals(shape));
    }

    private static CaseParams WithoutPrecision(CaseParams p) => new(p.Where(kv => !PrecisionKeys.Contains(kv.Key)));

    private static string Ratio(CaseResult? reference, CaseResult r) =>
        reference?.Statistics is { } s ? F($"{s.MedianNs / r.Statistics!.MedianNs:F2}×") : "";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
