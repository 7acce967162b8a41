using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// Each op's cases' effects in the frame that measures them best, then pooled (<see cref="OpPooling"/>).
/// <list type="bullet">
/// <item><b>Against the history's level</b> when the baseline is the newest run of every case's history (a nightly
/// gate against the last run of main): the mean of the current history segment, machine drift removed run by run
/// (<see cref="NoiseEstimate.Residuals"/>), knows the baseline's level far better than its one run, so the noise of
/// the difference is σ·√(1/C + 1/m) for m history runs instead of σ·√(1/B + 1/C) — about 0.72× for one run a side.
/// This is how conbench and Bencher judge a result: against the distribution of its history, not one run.</item>
/// <item><b>Against the baseline runs</b> otherwise (a baseline that is not where the history ends, such as an old
/// release): the comparison's own log-ratios.</item>
/// </list>
/// Either way each op is measured against the drift the OTHER ops show (a change to one op must not count in the
/// drift it is judged against), and that drift's standard error comes from the spread of the other ops' median
/// effects around it (the median's efficiency, π/2, over their count).
/// </summary>
internal static class OpEffects
{
    public static IReadOnlyDictionary<string, OpEvidence> Pool(
        IReadOnlyList<TestedCase> tested,
        IReadOnlyDictionary<CaseKey, IReadOnlyList<HistoryEntry>> window,
        IReadOnlyList<long> baselineRuns,
        MetricDescriptor metric,
        ComparisonOptions options)
    {
        var latest = baselineRuns.ToHashSet();
        var againstHistory = tested.Count > 0 && tested.All(t =>
            t.Noise is { Residuals.Count: > 0 } && window.TryGetValue(t.Key, out var h) && h.Count > 0 && latest.Contains(h[^1].RunId));
        var frame = tested.Select(t => againstHistory ? AgainstHistory(t, options) : (t.Op, Shift: t.Raw.Shift, t.Scale, Bar: t.NoiseBar, t.Noise)).ToList();

        var cases = new List<(string, double, double, NoiseEstimate?)>();
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var op in frame.Where(f => f.Noise is not null).GroupBy(f => f.Op, StringComparer.Ordinal).Where(g => g.Count() >= 2))
        {
            var others = frame.Where(f => f.Op != op.Key).Select(f => (f.Shift, f.Bar, f.Op)).ToList();
            var shift = CommonMode.Estimate(others, options);
            if (!shift.Removed)
            {
                // Too few other cases to tell drift from change: the op cannot be judged on its own.
                continue;
            }

            var drift = Math.Log(shift.Ratio!.Value);
            var medians = others.GroupBy(c => c.Op, StringComparer.Ordinal).Select(g => RobustEstimators.Median([.. g.Select(c => c.Shift - drift)])).ToArray();
            errors[op.Key] = medians.Length >= 3 ? Math.Sqrt(Math.PI / 2) * RobustEstimators.Sigma(medians) / Math.Sqrt(medians.Length) : 0;
            cases.AddRange(op.Select(f => (op.Key, metric.WorseSign * (f.Shift - drift), f.Scale, f.Noise)));
        }

        return OpPooling.Pool(cases, errors);
    }

    /// <summary>The candidate's log median against the mean of its history's current segment (drift removed run by run).</summary>
    private static (string Op, double Shift, double Scale, double Bar, NoiseEstimate? Noise) AgainstHistory(TestedCase t, ComparisonOptions options)
    {
        var noise = t.Noise!;
        var level = noise.Residuals.Values.Average();
        var scale = noise.Sigma * Math.Sqrt((1.0 / t.CandidateRuns) + (1.0 / noise.Residuals.Count));
        return (t.Op, t.CandidateLogMedian - level, scale, options.NoiseMultiplier * scale, noise);
    }
}
