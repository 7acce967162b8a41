using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;

namespace MoeBench.Reporting.GateCheck;

/// <summary>
/// A gate check's figures as results, stored like every result: one scenario-level <c>gate_check_aa</c> result per
/// regime (false alarms) and one <c>gate_check_slowdown</c> result per regime, op and size (catches). What was checked
/// is in the case's parameters — suite, regime, op, slowdown, pairs — so the same check lines up across runs as any
/// case does; rates carry their Wilson 95% interval and, as samples, the per-pair outcomes (1 or 0) they count.
/// </summary>
public static class GateCheckResults
{
    public const string AaCase = "gate_check_aa";

    public const string SlowdownCase = "gate_check_slowdown";

    /// <summary>The evaluator named on these results: the gate, measured by itself.</summary>
    public const string Evaluator = "gate-check";

    public static IReadOnlyList<CaseResult> From(
        string suite, IReadOnlyList<AaFigures> aa, IReadOnlyList<SlowdownFigures> slowdowns, DeviceInfo device, int seed)
    {
        ArgumentNullException.ThrowIfNull(aa);
        ArgumentNullException.ThrowIfNull(slowdowns);
        var results = new List<CaseResult>();
        foreach (var a in aa)
        {
            var spec = new CaseSpec(CaseLevel.Scenario, AaCase, new CaseParams(
            [
                new("suite", suite), new("regime", a.Regime.ToName()), new("pairs", (long)a.Pairs),
            ]));
            results.Add(CaseResult.FromMetrics(spec, device, Provenance.Measured, default, seed,
            [
                Rate(GateCheckMetrics.FalseAlarmRate, a.FailedGates),
                Mean(GateCheckMetrics.RegressedPerPair, a.Regressed),
                Mean(GateCheckMetrics.NoisyPerPair, a.Noisy),
            ], Evaluator));
        }

        foreach (var s in slowdowns)
        {
            var spec = new CaseSpec(CaseLevel.Scenario, SlowdownCase, new CaseParams(
            [
                new("suite", suite), new("regime", s.Regime.ToName()), new("op", s.Injection.Op),
                new("slowdown", s.Injection.Fraction), new("pairs", (long)s.Pairs),
            ]));
            var recall = s.TargetCases == 0
                ? MetricValue.Of(GateCheckMetrics.CaseRecall, double.NaN)
                : new MetricValue(
                    GateCheckMetrics.CaseRecall, (double)s.TargetRegressed / s.TargetCases, WilsonInterval.Of(s.TargetRegressed, s.TargetCases), []);
            results.Add(CaseResult.FromMetrics(spec, device, Provenance.Measured, default, seed,
            [
                Rate(GateCheckMetrics.CatchRate, s.Caught),
                Rate(GateCheckMetrics.CleanCatchRate, s.Clean),
                recall,
                new MetricValue(GateCheckMetrics.MeasuredSlowdown, s.MedianEffect, null, [.. s.Effects]),
                Mean(GateCheckMetrics.UnrelatedPerPair, s.Unrelated),
            ], Evaluator));
        }

        return results;
    }

    private static MetricValue Rate(MetricDefinition metric, IReadOnlyList<bool> outcomes)
    {
        var hits = outcomes.Count(o => o);
        return new MetricValue(metric, (double)hits / outcomes.Count, WilsonInterval.Of(hits, outcomes.Count), [.. outcomes.Select(o => o ? 1.0 : 0.0)]);
    }

    private static MetricValue Mean(MetricDefinition metric, IReadOnlyList<int> counts) =>
        new(metric, counts.Average(), null, [.. counts.Select(c => (double)c)]);
}
