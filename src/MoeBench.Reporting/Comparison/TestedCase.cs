using System.Globalization;
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

    private readonly RoundNoise? _rounds;
    private readonly PairedRounds? _paired;

    private TestedCase(
        PooledCase baseline, PooledCase candidate, NoiseEstimate? noise, RoundNoise? rounds, PairedRounds? paired, ComparisonOptions options)
    {
        _baseline = baseline;
        _candidate = candidate;
        _noise = noise;
        _rounds = rounds;
        _paired = paired;
        _logBaseline = [.. baseline.Values.Select(v => Math.Log(v))];
        _logCandidate = [.. candidate.Values.Select(v => Math.Log(v))];

        // Runs measured in turns are judged round by round: the rounds' differences carry the change without the host's
        // phases, which the pooled samples of two runs still hold.
        Raw = paired?.Shift ?? HodgesLehmann.Estimate(_logBaseline, _logCandidate, options.ConfidenceLevel);

        // A difference of two pooled measurements of B and C runs: each run's median wanders by σ, a pool of N runs
        // by about σ/√N.
        _noiseScale = noise is { } n ? n.Sigma * Math.Sqrt((1.0 / Math.Max(1, baseline.Runs)) + (1.0 / Math.Max(1, candidate.Runs))) : double.NaN;
        (NoiseBar, NoiseSource) = (paired, noise, rounds) switch
        {
            ({ } p, _, _) => (
                Math.Max(options.InterleavedNoiseFloor.LogRatio, options.NoiseMultiplier * p.StandardError),
                string.Create(CultureInfo.InvariantCulture, $"k x paired-round noise (measured in turns; se {100 * p.StandardError:F1}%, {p.Rounds} rounds{SetAside(p)})")),
            (null, { }, _) => (options.NoiseMultiplier * _noiseScale, "k x history noise"),
            (null, null, { } r) => (
                Math.Max(options.RoundNoiseFloor.LogRatio, options.NoiseMultiplier * r.StandardError),
                string.Create(CultureInfo.InvariantCulture, $"k x round noise (σ {100 * r.Sigma:F1}%, {r.BaselineRounds}+{r.CandidateRounds} rounds)")),
            _ => (options.NoHistoryFloor.LogRatio, "no-history floor"),
        };
    }

    public CaseKey Key => _baseline.Key;

    /// <summary>The case's name — its op, or its model for a layer: what one code change tends to move together.</summary>
    public string Op => _candidate.Newest.Case.Name;

    /// <summary>Candidate − baseline in log space, machine drift included.</summary>
    public ShiftEstimate Raw { get; }

    /// <summary>How far (log) the effect must reach to exceed run-to-run noise: k·σ_diff from history or rounds, or the no-history floor.</summary>
    public double NoiseBar { get; }

    /// <summary>Where <see cref="NoiseBar"/> came from, in words.</summary>
    public string NoiseSource { get; }

    public static TestedCase From(
        PooledCase baseline, PooledCase candidate, NoiseEstimate? noise, RoundNoise? rounds, PairedRounds? paired, ComparisonOptions options) =>
        new(baseline, candidate, noise, rounds, paired, options);

    public static SideSummary Summary(PooledCase side)
    {
        var logs = side.Values.Select(v => Math.Log(v)).ToArray();
        return new SideSummary(RobustEstimators.Median(side.Values), side.Values.Length, side.Runs, RobustEstimators.Sigma(logs));
    }

    /// <summary>The case's history noise, when it has one.</summary>
    public NoiseEstimate? Noise => _noise;

    /// <summary>The history noise scale of this comparison's difference (log): σ·√(1/B + 1/C); NaN without history.</summary>
    public double Scale => _noiseScale;

    /// <summary>The log median of the candidate's pooled values.</summary>
    public double CandidateLogMedian => RobustEstimators.Median(_logCandidate);

    /// <summary>Runs pooled on the candidate side.</summary>
    public int CandidateRuns => Math.Max(1, _candidate.Runs);

    /// <summary>
    /// The op's pooled evidence when this case takes part in it: the op's pooled statistic reaches k and this case
    /// moved the op's way. A case that moved the other way, or an op whose cases together stay within k, is judged
    /// on its own evidence only.
    /// </summary>
    public OpEvidence? Joins(OpEvidence? op, double drift, int worseSign, ComparisonOptions options) =>
        op is { EffectiveCases: > 1 } o && Math.Abs(o.Z) >= options.NoiseMultiplier && Math.Sign(worseSign * (Raw.Shift - drift)) == Math.Sign(o.Z) ? o : null;

    /// <summary>
    /// The p-value BH corrects. Within the runs: Mann–Whitney of the baseline against the candidate shifted back by
    /// the common drift (ranks are invariant to monotone maps, so logs test as raw samples do). With history, also a
    /// Student t of the drift-adjusted effect against the learned run-to-run noise (Points − 1 df), or of the op's
    /// pooled statistic where the case joins its op (<see cref="OpPooling"/>); without history but with rounds on
    /// both sides, a Student t of the same effect against the rounds' moderated noise (with history the learned σ of
    /// past medians already holds each median's sampling error, rounds' included). Runs measured in turns take the
    /// signed-rank test of their paired rounds alone (<see cref="PairedRounds"/>): their pooled samples still hold the
    /// host's phases, which pairing takes out. The rank test alone calls any
    /// run-to-run jitter significant once samples are many. All must reject (an intersection–union test), so the
    /// p-value is the largest.
    /// </summary>
    public double PValue(double drift, OpEvidence? joined)
    {
        if (_paired is { } paired)
        {
            return paired.PValue(drift);
        }

        var p = RankSumTest.TwoSidedPValue(_logBaseline, [.. _logCandidate.Select(v => v - drift)]);
        var effect = Math.Abs(Raw.Shift - drift);
        if (_noise is { DegreesOfFreedom: >= 1 } noise)
        {
            p = Math.Max(p, joined is { } op
                ? StudentTwoSided(Math.Max(effect / _noiseScale, Math.Abs(op.Z)), op.DegreesOfFreedom)
                : StudentTwoSided(effect / _noiseScale, noise.DegreesOfFreedom));
        }
        else if (_rounds is { DegreesOfFreedom: >= 1 } rounds)
        {
            p = Math.Max(p, StudentTwoSided(effect / rounds.StandardError, rounds.DegreesOfFreedom));
        }

        return p;
    }

    private static double StudentTwoSided(double t, double degreesOfFreedom) =>
        Math.Clamp(2 * new StudentDistribution(degreesOfFreedom).Cdf(-t), 0, 1);

    public CaseComparison Judge(double drift, double pValue, double qValue, OpEvidence? joined, ComparisonOptions options)
    {
        var result = _candidate.Newest;
        var adjusted = new ShiftEstimate(Raw.Shift - drift, Raw.Lower - drift, Raw.Upper - drift);
        var (worse, lower, upper) = CaseEvidence.Orient(adjusted, options.Metric.WorseSign);
        var before = Summary(_baseline);
        var after = Summary(_candidate);
        var minEffect = options.MinEffectFor(result.Case);
        var evidence = new CaseEvidence(
            worse,
            lower,
            upper,
            qValue,
            minEffect.LogRatio,
            joined is { } op ? NoiseBar / Math.Sqrt(op.EffectiveCases) : NoiseBar,
            joined is { } pooled ? PooledSource(pooled) : NoiseSource,
            Math.Min(before.Samples, after.Samples),
            _paired?.Spread ?? Math.Max(before.Spread, after.Spread),
            _paired is null ? "within-run spread" : "spread of the paired rounds");
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
            Math.Exp(NoiseBar) - 1,
            PhaseChange.Between(_baseline.Newest.Profile, result.Profile));
    }

    /// <summary>The pooled bar's source, in words: the case's k·σ bar over √n_eff of its op.</summary>
    private static string SetAside(PairedRounds p) => p.SetAside == 0 ? "" : string.Create(
        CultureInfo.InvariantCulture, $", {p.SetAside} set aside as one side's phase");

    private static string PooledSource(OpEvidence op) => string.Create(
        CultureInfo.InvariantCulture,
        $"k x history noise / √{op.EffectiveCases:F1} (pooled with its op: {op.Cases} {op.Op} cases, noise correlation {op.Correlation:F2}, z {op.Z:F1})");

    private static RatioEstimate Ratio(ShiftEstimate s) => new(Math.Exp(s.Shift), Math.Exp(s.Lower), Math.Exp(s.Upper));
}
