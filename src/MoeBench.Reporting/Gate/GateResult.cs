using System.Globalization;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Gate;

/// <summary>
/// The gate's decision: an exit code, a one-line headline, and the comparisons behind it — one per gated metric (time
/// per invocation, TTFT, TPOT), or none where the selectors could not be used.
/// </summary>
public sealed record GateResult(int ExitCode, string Headline, IReadOnlyList<ComparisonReport> Reports)
{
    /// <summary>The first metric's comparison, or null where there is none.</summary>
    public ComparisonReport? Report => Reports.Count > 0 ? Reports[0] : null;

    public static GateResult From(ComparisonReport report) => From([report]);

    /// <summary>
    /// 1 on any confirmed regression in any metric; 4 when no case regressed beyond its comparison's common-mode shift
    /// but a shift is a slowdown larger than machine drift (everything slower together: said as one finding, not one
    /// regression per case); 3 when no case of the baseline could be compared (nothing valid in it, or no case in
    /// common) — a gate that compared nothing must not pass silently; else 0. A common shift worth a mention (beyond the
    /// minimum effect) is named in the headline whatever the code; with several metrics the headline names the metrics
    /// that regressed.
    /// </summary>
    public static GateResult From(IReadOnlyList<ComparisonReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentOutOfRangeException.ThrowIfZero(reports.Count);
        var shift = CommonMode(reports[0]);
        // A serving case is compared on TTFT and on TPOT: counted once.
        var compared = reports.SelectMany(r => r.Cases.Where(c => c.IsCompared)).Select(c => (c.CaseId, c.DeviceKey)).Distinct().Count();
        var regressed = reports.Where(r => r.HasRegression).ToList();
        if (regressed.Count > 0)
        {
            var n = regressed.Sum(r => r.Count(Verdict.Regressed));
            var which = reports.Count == 1 ? "" : F($" ({string.Join(", ", regressed.Select(r => F($"{r.Options.Metric.Id}: {r.Count(Verdict.Regressed)}")))})");
            return new GateResult(GateExitCodes.Regression, F($"{n} confirmed regression{(n == 1 ? "" : "s")}{which} in {compared} compared cases{shift}"), reports);
        }

        if (reports.FirstOrDefault(r => r.CommonShift is { BeyondDrift: true } c && c.Worse(r.Options.Metric) > 0) is { } slowed)
        {
            var common = slowed.CommonShift;
            var metric = reports.Count == 1 ? "" : F($" in {slowed.Options.Metric.Id}");
            return new GateResult(
                GateExitCodes.CommonModeSlowdown,
                F($"common-mode slowdown{metric}: {Percent(common.Ratio!.Value)} over {common.Cases} of {slowed.Compared} compared cases together, beyond the {slowed.Options.MaxCommonShift} machine drift allows (a loaded or slower machine, or a change that slows everything); no case regressed beyond it"),
                reports);
        }

        if (compared == 0)
        {
            return new GateResult(GateExitCodes.NoBaseline, F($"no usable baseline: no case of '{reports[0].BaselineSelector}' was measured validly in both baseline and candidate"), reports);
        }

        return new GateResult(GateExitCodes.Ok, F($"no confirmed regression in {compared} compared cases{shift}"), reports);
    }

    /// <summary>A selector that could not be used: exit 2 (malformed) or 3 (no match), no report.</summary>
    public static GateResult From(SelectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new GateResult(error.ExitCode, error.Message, []);
    }

    /// <summary>"; common-mode slowdown +8.2% over 40 cases removed" when the shift reaches the minimum effect, else empty.</summary>
    private static string CommonMode(ComparisonReport report)
    {
        var common = report.CommonShift;
        var worse = common.Worse(report.Options.Metric);
        if (common.Ratio is not { } ratio || Math.Abs(worse) < report.Options.MinEffect.LogRatio)
        {
            return "";
        }

        return F($"; common-mode {(worse > 0 ? "slowdown" : "speedup")} {Percent(ratio)} over {common.Cases} cases removed");
    }

    /// <summary>A ratio as a signed change in the metric's own terms: 1.2 reads "+20.0%".</summary>
    private static string Percent(double ratio) => F($"{(ratio - 1) * 100:+0.0;-0.0;0.0}%");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
