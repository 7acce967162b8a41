using System.Globalization;
using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// Estimates the machine-wide shift of a comparison from all matched cases' log-ratios. The reference doc names
/// correlated noise — baseline and candidate measured at different times on a shared runner — as the dominant
/// false-alarm source, and notes that such a shift passes BH as many "discoveries" (php-judy#87: 21 regressions,
/// all one direction, mostly untouched code).
///
/// The estimate is the median of the cases that do not stand out from it, found by iterating from the plain
/// median. The plain median alone is pulled by a large minority moving together: with one op's 18 of 46 cases 10%
/// slower, it lands ~4% high, hiding part of the regression and making the untouched cases look faster. Cases
/// standing out by more than their own noise bar are set aside, and the median of the rest is taken, until the
/// set no longer changes — a trimmed location whose trimming follows each case's known noise.
/// </summary>
internal static class CommonMode
{
    private const int MaxIterations = 20;

    /// <param name="cases">Each matched case's raw log-ratio and the deviation from the common shift beyond which it
    /// stands out (its noise bar).</param>
    public static CommonShift Estimate(IReadOnlyList<(double LogRatio, double StandOut)> cases, ComparisonOptions options)
    {
        if (cases.Count < options.MinCasesForCommonMode)
        {
            return new CommonShift(null, cases.Count, false, F($"not estimated: {cases.Count} matched cases (< {options.MinCasesForCommonMode})"));
        }

        var shift = RobustEstimators.Median([.. cases.Select(c => c.LogRatio)]);
        var used = cases.Count;
        for (var i = 0; i < MaxIterations; i++)
        {
            var current = shift;
            var steady = cases.Where(c => Math.Abs(c.LogRatio - current) <= c.StandOut).Select(c => c.LogRatio).ToList();
            if (steady.Count < options.MinCasesForCommonMode)
            {
                break; // most cases stand out: keep the plain estimate rather than trust a handful
            }

            shift = RobustEstimators.Median(steady);
            used = steady.Count;
            if (shift.Equals(current))
            {
                break;
            }
        }

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
