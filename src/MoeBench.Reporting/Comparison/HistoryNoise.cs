using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Reporting.History;
using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case's run-to-run noise: the standard deviation of one run's log median, and the runs behind it.</summary>
/// <param name="Sigma">σ of one run's log median around the case's level, machine drift removed.</param>
/// <param name="Points">History runs it was estimated from; its t statistics have Points − 1 degrees of freedom.</param>
public sealed record NoiseEstimate(double Sigma, int Points)
{
    /// <summary>No case is steadier than this (0.01%): keeps a deterministic (modeled) series from dividing by zero.</summary>
    public const double MinSigma = 1e-4;

    public int DegreesOfFreedom => Points - 1;
}

/// <summary>
/// Learns each case's run-to-run noise from its history on the same device identity (Conbench's "same hardware,
/// no errors" history; Bencher's per-testbed threshold models). Three things shape the estimate:
/// <list type="bullet">
/// <item>Machine-wide drift between runs (every case of a run moves together) would pass for per-case noise: each
/// history run's median offset over all its cases is removed first — the same common-mode correction a comparison
/// applies.</item>
/// <item>A real step in the series would inflate σ and hide the next regression (Conbench's docs call these false
/// negatives; Otava, asv and EdPelt segment first): only the segment after the last change point found by
/// <see cref="HistoryAnalyzer"/> is used, when it still holds twice the minimum of points.</item>
/// <item>The classical standard deviation, not a MAD: with 10–20 points the MAD's 37% efficiency gives estimates
/// several times too low for some cases, and an underestimate is a false alarm. The classical estimate errs high on
/// outliers, the safe side, and its sampling error is exactly what the t test in the comparison accounts for
/// (Bencher's t_test model: a Student-t prediction interval).</item>
/// </list>
/// </summary>
public static class HistoryNoise
{
    public static IReadOnlyDictionary<CaseKey, NoiseEstimate> Estimate(
        IReadOnlyDictionary<CaseKey, IReadOnlyList<HistoryEntry>> history, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var series = history.ToDictionary(
            h => h.Key,
            h => h.Value.Where(e => e.MedianNs > 0 && double.IsFinite(e.MedianNs)).Select(e => (e.RunId, Log: Math.Log(e.MedianNs))).ToArray());
        // Two passes: drift offsets from all cases alike, then again weighting each case by its first-pass
        // precision — a steady case pins a run's drift far better than one whose medians wander by 5%.
        var equal = series.Keys.ToDictionary(k => k, _ => 1.0);
        var first = Estimates(series, RunOffsets(series, equal, options.MinCasesForCommonMode), options.MinHistoryPoints);
        var weights = series.Keys.ToDictionary(k => k, k => first.TryGetValue(k, out var e) ? 1 / (e.Sigma * e.Sigma) : 0);
        return Estimates(series, RunOffsets(series, weights, options.MinCasesForCommonMode), options.MinHistoryPoints);
    }

    private static Dictionary<CaseKey, NoiseEstimate> Estimates(
        Dictionary<CaseKey, (long RunId, double Log)[]> series, Dictionary<long, double> offsets, int minPoints)
    {
        var estimates = new Dictionary<CaseKey, NoiseEstimate>();
        foreach (var (key, points) in series)
        {
            var residuals = points.Select(p => p.Log - offsets[p.RunId]).ToArray();
            var segment = AfterLastStep(residuals, minPoints);
            if (segment.Length >= minPoints)
            {
                estimates[key] = new NoiseEstimate(Math.Max(NoiseEstimate.MinSigma, StandardDeviation(segment)), segment.Length);
            }
        }

        return estimates;
    }

    /// <summary>
    /// Each run's drift: the weighted median over its cases of (log median − the case's own median level). Runs
    /// with too few cases to tell drift from change get 0 (their drift stays in the residuals: an overestimate, safe).
    /// </summary>
    private static Dictionary<long, double> RunOffsets(
        Dictionary<CaseKey, (long RunId, double Log)[]> series, Dictionary<CaseKey, double> weights, int minCases)
    {
        var levels = series.Where(s => s.Value.Length > 0).ToDictionary(s => s.Key, s => RobustEstimators.Median([.. s.Value.Select(p => p.Log)]));
        return series
            .SelectMany(s => s.Value.Select(p => (p.RunId, Deviation: p.Log - levels[s.Key], Weight: weights[s.Key])))
            .GroupBy(p => p.RunId)
            .ToDictionary(g => g.Key, g => g.Count() >= minCases && g.Any(p => p.Weight > 0)
                ? RobustEstimators.WeightedMedian([.. g.Select(p => (p.Deviation, p.Weight))])
                : 0);
    }

    private static double[] AfterLastStep(double[] residuals, int minPoints)
    {
        var steps = HistoryAnalyzer.ChangeStarts(residuals, HistoryOptions.Default);
        var last = steps.Count > 0 ? steps[^1] : 0;

        // A short tail after a step (a spurious one, often) can look deceptively steady: keep the whole series,
        // whose σ a real step only inflates, unless the tail holds twice the minimum.
        return residuals.Length - last >= 2 * minPoints ? residuals[last..] : residuals;
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
