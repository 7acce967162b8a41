using MoeBench.Reporting.Comparison.Stats;
using Perfolizer.Mathematics.Cpd;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace MoeBench.Reporting.History;

/// <summary>
/// Finds the steps in a case's history. Candidates come from Perfolizer's ED-PELT (Haynes et al. 2017:
/// nonparametric empirical-CDF cost, penalty 3·ln n), run on log medians with a short <c>minDistance</c>. On short
/// series that penalty is weak — on flat 30-point series with 2% noise about a third of runs yield a spurious
/// split — so each candidate must then pass Otava's test (Hunter, Fleming et al. 2023): a t-test of the two
/// adjacent segments at p ≤ 0.001. As in Otava, the weakest failing candidate is dropped and its neighbours are
/// re-tested over their merged segments, until every remaining change passes. ED-PELT is kept over E-divisive
/// means because it is deterministic, O(n log n) and already a dependency; E-divisive's permutation test is
/// neither deterministic nor cheap, and Hunter replaced it with this very t-test.
/// </summary>
public static class HistoryAnalyzer
{
    public static IReadOnlyList<ChangePoint> Analyze(IReadOnlyList<HistoryPoint> series, HistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= HistoryOptions.Default;
        var logs = series.Select(p => Math.Log(p.Median)).ToArray();
        var starts = ChangeStarts(logs, options);
        return [.. starts.Select((start, k) =>
        {
            var test = Test(logs, k == 0 ? 0 : starts[k - 1], start, k == starts.Count - 1 ? logs.Length : starts[k + 1]);
            return new ChangePoint(start, series[start].RunId, series[start].Commit, Math.Exp(test.Before), Math.Exp(test.After), test.PValue);
        })];
    }

    /// <summary>First index of each new segment of a log-scale series, ascending; empty when it has no step.</summary>
    internal static IReadOnlyList<int> ChangeStarts(double[] logs, HistoryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinDistance, 1);
        if (logs.Length < 2 * options.MinDistance || logs.Any(v => !double.IsFinite(v)))
        {
            return [];
        }

        // ED-PELT reports the last index of each segment; a change is named by the first index after it.
        var starts = EdPeltChangePointDetector.Instance.GetChangePointIndexes(logs, options.MinDistance)
            .Select(i => i + 1)
            .Where(i => i > 0 && i < logs.Length)
            .Distinct()
            .Order()
            .ToList();
        while (starts.Count > 0)
        {
            var tests = starts.Select((start, k) => Test(logs, k == 0 ? 0 : starts[k - 1], start, k == starts.Count - 1 ? logs.Length : starts[k + 1])).ToList();
            var weakest = Enumerable.Range(0, tests.Count).MaxBy(k => (Fails(tests[k], options), tests[k].PValue));
            if (!Fails(tests[weakest], options))
            {
                return starts;
            }

            starts.RemoveAt(weakest);
        }

        return starts;
    }

    private static bool Fails(SegmentTest test, HistoryOptions options) =>
        test.PValue > options.MaxPValue || Math.Abs(test.After - test.Before) < Math.Log(1 + options.MinMagnitude.Fraction);

    /// <summary>Welch's t-test of logs[from..start) against logs[start..to), with each segment's median.</summary>
    private static SegmentTest Test(double[] logs, int from, int start, int to)
    {
        var left = logs[from..start];
        var right = logs[start..to];
        var before = RobustEstimators.Median(left);
        var after = RobustEstimators.Median(right);
        if (left.Length < 2 || right.Length < 2)
        {
            return new SegmentTest(before, after, 1);
        }

        double meanL = left.Average(), meanR = right.Average();
        var varL = left.Sum(v => (v - meanL) * (v - meanL)) / (left.Length - 1) / left.Length;
        var varR = right.Sum(v => (v - meanR) * (v - meanR)) / (right.Length - 1) / right.Length;
        var se2 = varL + varR;
        if (se2 <= 0)
        {
            return new SegmentTest(before, after, meanL.Equals(meanR) ? 1 : 0);
        }

        var t = Math.Abs(meanR - meanL) / Math.Sqrt(se2);
        var df = se2 * se2 / ((varL * varL / (left.Length - 1)) + (varR * varR / (right.Length - 1)));
        var p = 2 * new StudentDistribution(df).Cdf(-t);
        return new SegmentTest(before, after, Math.Clamp(p, 0, 1));
    }

    private readonly record struct SegmentTest(double Before, double After, double PValue);
}
