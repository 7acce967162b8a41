using System.Globalization;
using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// Estimates the machine-wide shift of a comparison from all matched cases' log-ratios. The reference doc names
/// correlated noise — baseline and candidate measured at different times on a shared runner — as the dominant
/// false-alarm source, and notes that such a shift passes BH as many "discoveries" (php-judy#87: 21 regressions,
/// all one direction, mostly untouched code).
///
/// Drift moves every kind of work; a code change usually moves one op's cases together. Hence three steps:
/// <list type="number">
/// <item>A start that one op cannot move: the median over ops (case names) of each op's median log-ratio. The
/// plain median lands ~4% high when 18 of 46 cases regress by 10%.</item>
/// <item>Set aside every op whose median stands out from the start by more than its cases' typical noise bar, and
/// every remaining case that stands out by more than its own.</item>
/// <item>The shift is the median of what is left weighted by precision (1/bar²) and shared out per op (each case's
/// weight divided by its op's count of cases left): a steady case pins the drift far better than a case whose runs
/// wander by 5%, and an op with many cases must not outvote the rest. A density-seeking or case-weighted estimate
/// follows whichever cluster is steadiest or largest — exactly the regressed op: a 5% slowdown of the four
/// grouped_gemm cases of the ten-case gate check, each too noisy to stand out on its own, moved a case-weighted
/// shift by half of itself, and the rest of it went unseen.</item>
/// </list>
/// The shift is always removed before each case is judged, so a slower machine — or a change that slows everything — is
/// one finding, not one regression per case (php-judy#87's 21 "regressions" were one shift). Within MaxCommonShift it
/// is machine drift and the report states it; beyond, it is too large to be drift and is flagged
/// (<see cref="CommonShift.BeyondDrift"/>): the gate then fails with its own exit code, saying "common-mode slowdown",
/// and any case that moved beyond it is still judged on its own.
/// </summary>
internal static class CommonMode
{
    /// <param name="cases">Each matched case's raw log-ratio, its noise bar (the deviation beyond which it stands
    /// out), and its op (case name).</param>
    public static CommonShift Estimate(IReadOnlyList<(double LogRatio, double Bar, string Op)> cases, ComparisonOptions options)
    {
        if (cases.Count < options.MinCasesForCommonMode)
        {
            return new CommonShift(null, cases.Count, false, F($"not estimated: {cases.Count} matched cases (< {options.MinCasesForCommonMode})"));
        }

        var ops = cases.GroupBy(c => c.Op, StringComparer.Ordinal).ToList();
        var start = RobustEstimators.Median([.. ops.Select(g => RobustEstimators.Median([.. g.Select(c => c.LogRatio)]))]);
        var steady = ops
            .Where(g => Math.Abs(RobustEstimators.Median([.. g.Select(c => c.LogRatio)]) - start) <= RobustEstimators.Median([.. g.Select(c => c.Bar)]))
            .SelectMany(g => g)
            .Where(c => Math.Abs(c.LogRatio - start) <= c.Bar)
            .ToList();
        var perOp = steady.GroupBy(c => c.Op, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var (shift, used) = steady.Count >= options.MinCasesForCommonMode
            ? (RobustEstimators.WeightedMedian([.. steady.Select(c => (c.LogRatio, 1 / (Math.Max(c.Bar * c.Bar, 1e-12) * perOp[c.Op])))]), steady.Count)
            : (start, cases.Count);

        var ratio = Math.Exp(shift);
        var percent = (ratio - 1) * 100;
        if (Math.Abs(shift) > options.MaxCommonShift.LogRatio)
        {
            return new CommonShift(ratio, used, true, F($"{percent:+0.0;-0.0}% over {used} of {cases.Count} cases, beyond the {options.MaxCommonShift} machine drift allows: everything moved together (a slower or faster machine, or a change that moves everything); removed before judging each case"), BeyondDrift: true);
        }

        return new CommonShift(ratio, used, true, F($"{percent:+0.0;-0.0;0.0}% over {used} of {cases.Count} cases, removed before judging each case"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
