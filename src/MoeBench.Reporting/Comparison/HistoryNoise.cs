using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Reporting.History;
using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case's run-to-run noise: the standard deviation of one run's log median, and the runs behind it.</summary>
/// <param name="Sigma">σ of one run's log median around the case's level, machine drift removed.</param>
/// <param name="Points">History runs it was estimated from; its t statistics have Points − 1 degrees of freedom.</param>
/// <param name="Residuals">Each of those runs' log median less the run's drift, by run id: what
/// tells whether two cases' noise moves together (<see cref="OpPooling"/>).</param>
public sealed record NoiseEstimate(double Sigma, int Points, IReadOnlyDictionary<long, double> Residuals)
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
/// negatives; Otava, asv and EdPelt segment first): only the segment after the last segment boundary (a step, or where
/// a drift starts or ends) found by <see cref="SeriesAnalyzer"/> is used, when it still holds twice the minimum of points.</item>
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
            h => h.Value.Where(e => e.Value > 0 && double.IsFinite(e.Value)).Select(e => (e.RunId, Log: Math.Log(e.Value))).ToArray());
        // Two passes: drift offsets from all cases alike, then again weighting each case by its first-pass
        // precision — a steady case pins a run's drift far better than one whose medians wander by 5%.
        var deviations = Deviations(series);
        var first = Estimates(series, deviations, series.Keys.ToDictionary(k => k, _ => 1.0), options);
        var weights = series.Keys.ToDictionary(k => k, k => first.TryGetValue(k, out var e) ? 1 / (e.Sigma * e.Sigma) : 0);
        return Estimates(series, deviations, weights, options);
    }

    /// <summary>Per run: each case's log median minus the case's own median level.</summary>
    private static Dictionary<long, List<(CaseKey Key, double Deviation)>> Deviations(Dictionary<CaseKey, (long RunId, double Log)[]> series)
    {
        var deviations = new Dictionary<long, List<(CaseKey, double)>>();
        foreach (var (key, points) in series.Where(s => s.Value.Length > 0))
        {
            var level = RobustEstimators.Median([.. points.Select(p => p.Log)]);
            foreach (var (runId, log) in points)
            {
                if (!deviations.TryGetValue(runId, out var list))
                {
                    deviations[runId] = list = [];
                }

                list.Add((key, log - level));
            }
        }

        return deviations;
    }

    private static Dictionary<CaseKey, NoiseEstimate> Estimates(
        Dictionary<CaseKey, (long RunId, double Log)[]> series,
        Dictionary<long, List<(CaseKey Key, double Deviation)>> deviations,
        Dictionary<CaseKey, double> weights,
        ComparisonOptions options)
    {
        var estimates = new Dictionary<CaseKey, NoiseEstimate>();
        foreach (var (key, points) in series)
        {
            var residuals = points.Select(p => p.Log - Offset(deviations[p.RunId], key, weights, options.MinCasesForCommonMode)).ToArray();
            var segment = AfterLastStep(residuals, options.MinHistoryPoints);
            if (segment.Length >= options.MinHistoryPoints)
            {
                var runs = points[(points.Length - segment.Length)..].Select(p => p.RunId);
                var byRun = runs.Zip(segment).ToDictionary(p => p.First, p => p.Second);
                estimates[key] = new NoiseEstimate(Math.Max(NoiseEstimate.MinSigma, StandardDeviation(segment)), segment.Length, byRun);
            }
        }

        return estimates;
    }

    /// <summary>
    /// A run's drift as seen by one case: the weighted median deviation of the run's OTHER cases. Leaving the case
    /// out keeps a heavily weighted case from fitting its own noise away. Runs with too few cases to tell drift from
    /// change get 0: their drift stays in the residuals, an overestimate, the safe side.
    /// </summary>
    private static double Offset(List<(CaseKey Key, double Deviation)> run, CaseKey self, Dictionary<CaseKey, double> weights, int minCases)
    {
        var others = run.Where(d => d.Key != self && weights[d.Key] > 0).Select(d => (d.Deviation, weights[d.Key])).ToList();
        return others.Count >= minCases - 1 ? RobustEstimators.WeightedMedian(others) : 0;
    }

    private static double[] AfterLastStep(double[] residuals, int minPoints)
    {
        var steps = SeriesAnalyzer.Analyze(residuals).Segments;
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
