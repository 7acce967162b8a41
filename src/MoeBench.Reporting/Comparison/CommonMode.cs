using System.Globalization;
using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// Estimates the machine-wide shift of a comparison from all matched cases' log-ratios. The reference doc names
/// correlated noise — baseline and candidate measured at different times on a shared runner — as the dominant
/// false-alarm source, and notes that such a shift passes BH as many "discoveries" (php-judy#87: 21 regressions,
/// all one direction, mostly untouched code).
///
/// Drift moves every kind of work; a code change usually moves one op's cases together. So each op (case name)
/// first gets one vote: the start is the median over ops of each op's median log-ratio, which one op's regression
/// cannot move however many cases it has (the plain median lands ~4% high when 18 of 46 cases regress by 10%, and
/// a density-seeking estimate follows the steadiest cluster — exactly the regressed GEMMs). Then, for precision,
/// the shift is the median of all cases that do not stand out from that start by more than their noise bar.
/// One refinement only: iterating lets the estimate walk toward any cluster the noisy cases do not contradict.
/// A change that moves most ops at once reads as drift: it is removed when within MaxCommonShift (the report states
/// it) and left in — failing the gate — beyond.
/// </summary>
internal static class CommonMode
{
    /// <param name="cases">Each matched case's raw log-ratio, the deviation beyond which it stands out (its noise
    /// bar), and its op (case name).</param>
    public static CommonShift Estimate(IReadOnlyList<(double LogRatio, double StandOut, string Op)> cases, ComparisonOptions options)
    {
        if (cases.Count < options.MinCasesForCommonMode)
        {
            return new CommonShift(null, cases.Count, false, F($"not estimated: {cases.Count} matched cases (< {options.MinCasesForCommonMode})"));
        }

        var start = RobustEstimators.Median([.. cases.GroupBy(c => c.Op, StringComparer.Ordinal).Select(g => RobustEstimators.Median([.. g.Select(c => c.LogRatio)]))]);
        var steady = cases.Where(c => Math.Abs(c.LogRatio - start) <= c.StandOut).Select(c => c.LogRatio).ToList();
        var (shift, used) = steady.Count >= options.MinCasesForCommonMode ? (RobustEstimators.Median(steady), steady.Count) : (start, cases.Count);

        var ratio = Math.Exp(shift);
        var percent = (ratio - 1) * 100;
        if (Math.Abs(shift) > options.MaxCommonShift.LogRatio)
        {
            return new CommonShift(ratio, used, false, F($"{percent:+0.0;-0.0}% over {used} cases exceeds {options.MaxCommonShift}: too large for machine drift, left in"));
        }

        return new CommonShift(ratio, used, true, F($"{percent:+0.0;-0.0;0.0}% over {used} of {cases.Count} cases, removed before judging each case"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
