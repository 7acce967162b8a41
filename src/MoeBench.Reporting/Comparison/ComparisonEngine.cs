using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// Compares a candidate selection against a baseline selection, case by case (case id × device identity):
/// pools each side, learns each case's run-to-run noise from history (the candidate's runs left out) and from the
/// rounds of the compared runs (paired round by round when the two runs were measured in turns), estimates ratios, removes the machine-wide common shift, pools each op's cases'
/// evidence (<see cref="OpPooling"/>), tests each case (rank test, and t tests against its noise or its op's),
/// corrects for multiplicity over all cases (Benjamini–Hochberg), then applies <see cref="DecisionRule"/>.
/// Deterministic: no random resampling anywhere, so the same store gives the same report.
/// </summary>
public static class ComparisonEngine
{
    public static ComparisonReport Compare(
        SelectionResults baseline, SelectionResults candidate, IHistoryProvider history, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var metric = options.Metric;
        var before = PooledCase.Pool(baseline, metric).ToDictionary(p => p.Key);
        var after = PooledCase.Pool(candidate, metric).ToDictionary(p => p.Key);
        var keys = before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k))).ToList();

        var outcomes = new Dictionary<CaseKey, CaseComparison>();
        var matched = new List<(PooledCase Baseline, PooledCase Candidate)>();
        foreach (var key in keys)
        {
            var b = before.GetValueOrDefault(key);
            var c = after.GetValueOrDefault(key);
            if (Unmatched(b, c) is { } early)
            {
                outcomes[key] = early;
            }
            else
            {
                matched.Add((b!, c!));
            }
        }

        var window = LoadHistory(matched.Select(m => m.Baseline.Key), candidate.Selection.RunIds, history, options);
        var noise = HistoryNoise.Estimate(window, options);
        var prior = RoundNoise.Prior(matched.Select(m => RoundNoise.Raw(m.Baseline, m.Candidate)));
        var interleaved = RunTurns.Interleaved(baseline.Selection, candidate.Selection);
        var tested = matched.Select(m => TestedCase.From(
            m.Baseline,
            m.Candidate,
            noise.GetValueOrDefault(m.Baseline.Key),
            RoundNoise.Moderate(m.Baseline, m.Candidate, prior, options.RoundPriorDegreesOfFreedom),
            interleaved ? PairedRounds.From(m.Baseline, m.Candidate, options) : null,
            options)).ToList();
        var shift = CommonMode.Estimate([.. tested.Select(t => (t.Raw.Shift, t.NoiseBar, t.Op))], options);
        var drift = shift.Removed ? Math.Log(shift.Ratio!.Value) : 0;
        var ops = OpEffects.Pool(tested, window, baseline.Selection.RunIds, metric, options);
        var joined = tested.Select(t => t.Joins(ops.GetValueOrDefault(t.Op), drift, metric.WorseSign, options)).ToArray();
        var pValues = tested.Select((t, i) => t.PValue(drift, joined[i])).ToArray();
        var qValues = FalseDiscovery.BenjaminiHochberg(pValues);
        for (var i = 0; i < tested.Count; i++)
        {
            outcomes[tested[i].Key] = tested[i].Judge(drift, pValues[i], qValues[i], joined[i], options);
        }

        var ordered = keys.Select(k => outcomes[k])
            .OrderBy(c => c.Verdict.Severity())
            .ThenByDescending(c => WorseRatio(c, metric))
            .ThenBy(c => c.CaseLabel, StringComparer.Ordinal)
            .ThenBy(c => c.DeviceId, StringComparer.Ordinal)
            .ToList();
        return new ComparisonReport(
            options,
            baseline.Selection.Text,
            baseline.Selection.RunIds,
            candidate.Selection.Text,
            candidate.Selection.RunIds,
            shift,
            ordered)
        {
            Drifts = HistoryDrifts.Find(window, matched.ToDictionary(m => m.Baseline.Key, m => (m.Baseline.Newest.Case.Label, m.Baseline.Newest.Device.Id))),
        };
    }

    /// <summary>New, missing and failed cases get their verdict without numbers; null when both sides are testable.</summary>
    private static CaseComparison? Unmatched(PooledCase? b, PooledCase? c)
    {
        var any = (c ?? b)!;
        (Verdict Verdict, string Reason)? early = (b, c) switch
        {
            (null, _) => (Verdict.New, "in the candidate only"),
            (_, null) => (Verdict.Missing, "in the baseline only"),
            ({ Failed: true }, _) => (Verdict.Failed, $"baseline failed validation: {b.FailureReason}"),
            (_, { Failed: true }) => (Verdict.Failed, $"candidate failed validation: {c.FailureReason}"),
            ({ Values.Length: 0 }, _) or (_, { Values.Length: 0 }) => (Verdict.Noisy, "no samples stored on one side"),
            _ => null,
        };
        if (early is not { } outcome)
        {
            return null;
        }

        var result = any.Newest;
        return new CaseComparison(
            any.Key.CaseId, result.Case.Label, result.Case.Name, result.Device.Id, any.Key.DeviceKey,
            outcome.Verdict, outcome.Reason,
            b is { Failed: false, Values.Length: > 0 } ? TestedCase.Summary(b) : null,
            c is { Failed: false, Values.Length: > 0 } ? TestedCase.Summary(c) : null,
            null, null, null, null, null, 0, 0, null, []);
    }

    /// <summary>Each case's last <see cref="ComparisonOptions.HistoryWindow"/> runs of history, the candidate's left out.</summary>
    private static Dictionary<CaseKey, IReadOnlyList<HistoryEntry>> LoadHistory(
        IEnumerable<CaseKey> keys, IReadOnlyList<long> candidateRuns, IHistoryProvider history, ComparisonOptions options)
    {
        // The candidate must not vouch for itself: its runs are left out of the history its noise comes from.
        var exclude = candidateRuns.ToHashSet();
        return keys.ToDictionary(
            k => k,
            k => (IReadOnlyList<HistoryEntry>)[.. history.CaseHistory(k.CaseId, k.DeviceKey, options.Metric.Id, options.HistoryWindow + exclude.Count)
                .Where(e => !exclude.Contains(e.RunId))
                .TakeLast(options.HistoryWindow)]);
    }

    private static double WorseRatio(CaseComparison c, MetricDescriptor metric) =>
        c.AdjustedRatio is { } r ? metric.WorseSign * Math.Log(r.Value) : double.NegativeInfinity;
}
