using System.Globalization;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Gate;

/// <summary>The gate's decision: an exit code, a one-line headline, and the comparison behind it (when there is one).</summary>
public sealed record GateResult(int ExitCode, string Headline, ComparisonReport? Report)
{
    /// <summary>
    /// 1 on any confirmed regression; 4 when no case regressed beyond the comparison's common-mode shift but that shift
    /// is a slowdown larger than machine drift (everything slower together: said as one finding, not one regression per
    /// case); 3 when no case of the baseline could be compared (nothing valid in it, or no case in common) — a gate that
    /// compared nothing must not pass silently; else 0. A common shift worth a mention (beyond the minimum effect) is
    /// named in the headline whatever the code.
    /// </summary>
    public static GateResult From(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var shift = CommonMode(report);
        if (report.HasRegression)
        {
            var n = report.Count(Verdict.Regressed);
            return new GateResult(GateExitCodes.Regression, F($"{n} confirmed regression{(n == 1 ? "" : "s")} in {report.Compared} compared cases{shift}"), report);
        }

        if (report.CommonShift is { BeyondDrift: true } common && common.Worse(report.Options.Metric) > 0)
        {
            return new GateResult(
                GateExitCodes.CommonModeSlowdown,
                F($"common-mode slowdown: {Percent(common.Ratio!.Value)} over {common.Cases} of {report.Compared} compared cases together, beyond the {report.Options.MaxCommonShift} machine drift allows (a loaded or slower machine, or a change that slows everything); no case regressed beyond it"),
                report);
        }

        if (report.Compared == 0)
        {
            return new GateResult(GateExitCodes.NoBaseline, F($"no usable baseline: no case of '{report.BaselineSelector}' was measured validly in both baseline and candidate"), report);
        }

        return new GateResult(GateExitCodes.Ok, F($"no confirmed regression in {report.Compared} compared cases{shift}"), report);
    }

    /// <summary>A selector that could not be used: exit 2 (malformed) or 3 (no match), no report.</summary>
    public static GateResult From(SelectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new GateResult(error.ExitCode, error.Message, null);
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
