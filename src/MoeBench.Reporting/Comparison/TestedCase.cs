using MoeBench.Reporting.Comparison.Stats;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case present and valid on both sides: its log samples, raw shift and noise bar, then its verdict.</summary>
internal sealed class TestedCase
{
    private readonly PooledCase _baseline;
    private readonly PooledCase _candidate;
    private readonly double[] _logBaseline;
    private readonly double[] _logCandidate;
    private readonly NoiseEstimate? _noise;
    private readonly double _noiseScale;

    private TestedCase(PooledCase baseline, PooledCase candidate, NoiseEstimate? noise, ComparisonOptions options)
    {
        _baseline = baseline;
        _candidate = candidate;
        _noise = noise;
        _logBaseline = [.. baseline.Values.Select(v => Math.Log(v))];
        _logCandidate = [.. candidate.Values.Select(v => Math.Log(v))];
        Raw = HodgesLehmann.Estimate(_logBaseline, _logCandidate, options.ConfidenceLevel);

        // A difference of two pooled measurements of B and C runs: each run's median wanders by σ, a pool of N runs
        // by about σ/√N.
        _noiseScale = noise is { } n ? n.Sigma * Math.Sqrt((1.0 / Math.Max(1, baseline.Runs)) + (1.0 / Math.Max(1, candidate.Runs))) : double.NaN;
        NoiseBar = noise is null ? options.NoHistoryFloor.LogRatio : options.NoiseMultiplier * _noiseScale;
    }

    public CaseKey Key => _baseline.Key;

    /// <summary>The case's name — its op, or its model for a layer: what one code change tends to move together.</summary>
    public string Op => _candidate.Newest.Case.Name;

    /// <summary>Candidate − baseline in log space, machine drift included.</summary>
    public ShiftEstimate Raw { get; }

    /// <summary>How far (log) the effect must reach to exceed run-to-run noise: k·σ_diff, or the no-history floor.</summary>
    public double NoiseBar { get; }

    public static TestedCase From(PooledCase baseline, PooledCase candidate, NoiseEstimate? noise, ComparisonOptions options) =>
        new(baseline, candidate, noise, options);

    public static SideSummary Summary(PooledCase side)
    {
        var logs = side.Values.Select(v => Math.Log(v)).ToArray();
        return new SideSummary(RobustEstimators.Median(side.Values), side.Values.Length, side.Runs, RobustEstimators.Sigma(logs));
    }

    /// <summary>
    /// The p-value BH corrects. Within the runs: Mann–Whitney of the baseline against the candidate shifted back by
    /// the common drift (ranks are invariant to monotone maps, so logs test as raw samples do). With history, also a
    /// Student t of the drift-adjusted effect against the learned run-to-run noise (Points − 1 df): the rank test
    /// alone calls any run-to-run jitter significant once samples are many. Both must reject (an intersection–union
    /// test), so the p-value is the larger of the two.
    /// </summary>
    public double PValue(double drift)
    {
        var rank = RankSumTest.TwoSidedPValue(_logBaseline, [.. _logCandidate.Select(v => v - drift)]);
        if (_noise is not { DegreesOfFreedom: >= 1 } noise)
        {
            return rank;
        }

        var t = Math.Abs(Raw.Shift - drift) / _noiseScale;
        var history = 2 * new StudentDistribution(noise.DegreesOfFreedom).Cdf(-t);
        return Math.Max(rank, Math.Clamp(history, 0, 1));
    }

    public CaseComparison Judge(double drift, double pValue, double qValue, ComparisonOptions options)
    {
        var result = _candidate.Newest;
        var adjusted = new ShiftEstimate(Raw.Shift - drift, Raw.Lower - drift, Raw.Upper - drift);
        var (worse, lower, upper) = CaseEvidence.Orient(adjusted, options.Metric.WorseSign);
        var before = Summary(_baseline);
        var after = Summary(_candidate);
        var minEffect = options.MinEffectFor(Key.CaseId, result.Case.Label);
        var evidence = new CaseEvidence(
            worse,
            lower,
            upper,
            qValue,
            minEffect.LogRatio,
            NoiseBar,
            _noise is not null,
            Math.Min(before.Samples, after.Samples),
            Math.Max(before.Spread, after.Spread));
        var (verdict, reason) = DecisionRule.Decide(evidence, options);
        return new CaseComparison(
            Key.CaseId,
            result.Case.Label,
            result.Case.Name,
            result.Device.Id,
            Key.DeviceKey,
            verdict,
            reason,
            before,
            after,
            Ratio(Raw),
            Ratio(adjusted),
            pValue,
            qValue,
            _noise?.Sigma,
            _noise?.Points ?? 0,
            minEffect.Fraction,
            Math.Exp(NoiseBar) - 1);
    }

    private static RatioEstimate Ratio(ShiftEstimate s) => new(Math.Exp(s.Shift), Math.Exp(s.Lower), Math.Exp(s.Upper));
}
