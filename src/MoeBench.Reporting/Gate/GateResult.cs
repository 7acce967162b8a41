using System.Globalization;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Gate;

/// <summary>The gate's decision: an exit code, a one-line headline, and the comparison behind it (when there is one).</summary>
public sealed record GateResult(int ExitCode, string Headline, ComparisonReport? Report)
{
    /// <summary>
    /// 1 on any confirmed regression; 3 when no case of the baseline could be compared (nothing valid in it, or
    /// no case in common) — a gate that compared nothing must not pass silently; else 0.
    /// </summary>
    public static GateResult From(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.HasRegression)
        {
            var n = report.Count(Verdict.Regressed);
            return new GateResult(GateExitCodes.Regression, F($"{n} confirmed regression{(n == 1 ? "" : "s")} in {report.Compared} compared cases"), report);
        }

        if (report.Compared == 0)
        {
            return new GateResult(GateExitCodes.NoBaseline, F($"no usable baseline: no case of '{report.BaselineSelector}' was measured validly in both baseline and candidate"), report);
        }

        return new GateResult(GateExitCodes.Ok, F($"no confirmed regression in {report.Compared} compared cases"), report);
    }

    /// <summary>A selector that could not be used: exit 2 (malformed) or 3 (no match), no report.</summary>
    public static GateResult From(SelectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new GateResult(error.ExitCode, error.Message, null);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
