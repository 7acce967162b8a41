using MoeBench.Core.Cases;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// A per-case minimum effect: <paramref name="Pattern"/> selects cases as <c>--filter</c> does (<see cref="CasePattern"/>:
/// an id, a glob such as <c>grouped_gemm *tokens=1 *</c>, or text found in the label) — asv's
/// <c>regressions_thresholds</c> and Perfherder's per-series overrides serve the same need: some cases are known to be
/// noisier or matter more.
/// </summary>
public sealed record EffectOverride(string Pattern, RelativeThreshold MinEffect)
{
    public bool Matches(string caseId, string caseLabel, string caseName) => CasePattern.Matches(Pattern, caseId, caseLabel, caseName);
}

/// <summary>
/// Every knob of the decision rule (see <see cref="DecisionRule"/> for how they combine), with defaults and where
/// each default comes from (shared/reference/regression-detection.md).
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>Largest BH q-value that counts as significant. Mature tools test strictly (asv p &lt; 0.002, Otava
    /// 0.001, BenchmarkDotNet 1e-5 per test); with FDR control across all cases 0.01 is comparably strict.</summary>
    public double QMax { get; init; } = 0.01;

    /// <summary>Smallest effect worth a verdict, applied to the conservative end of the ratio's CI. 3% as in the
    /// BenchmarkDotNet statistical-testing sample; Perfherder 2%, asv publish 5%.</summary>
    public RelativeThreshold MinEffect { get; init; } = new(0.03);

    /// <summary>Per-case minimum effects; an exact case id wins over globs, and among globs the last match wins.</summary>
    public IReadOnlyList<EffectOverride> Overrides { get; init; } = [];

    /// <summary>k: the effect must exceed k × the run-to-run noise of a two-run difference learned from history
    /// (Conbench thresholds on a z of the same kind at 5, chromeperf needs 2.5σ; the t test in q adds the rest).</summary>
    public double NoiseMultiplier { get; init; } = 3;

    /// <summary>Without history, the run-to-run noise floor the effect must exceed. asv compare's factor 1.1 (and
    /// BenchmarkDotNet's 10%) assume a quiet machine; on a shared 2-core runner a case's two-run difference has σ up
    /// to ~6%, and ~50 cases need ~3.3σ each to keep an A/A comparison free of alarms — hence 20%.</summary>
    public RelativeThreshold NoHistoryFloor { get; init; } = new(0.20);

    /// <summary>Without history but with rounds on both sides (<see cref="RoundNoise"/>), the bar is k × the round noise
    /// of the difference, never below this floor: rounds of one process cannot show what differs between processes
    /// (code and data placement), so a small floor stays. 10% as asv compare's factor 1.1 and BenchmarkDotNet's column.</summary>
    public RelativeThreshold RoundNoiseFloor { get; init; } = new(0.10);

    /// <summary>For two runs measured in turns (<see cref="PairedRounds"/>), the noise bar is k × the paired rounds'
    /// standard error, never below this floor: both runs' rounds share one process each, so what differs between two
    /// processes of unchanged code (code and data placement) is not in their differences.</summary>
    public RelativeThreshold InterleavedNoiseFloor { get; init; } = new(0.02);

    /// <summary>
    /// Fewest paired rounds that can support a verdict on two runs measured in turns: with 6 the exact signed-rank test
    /// first reaches a two-sided p below 0.05 (1/32); fewer can never reject, and the runs are judged apart.
    /// </summary>
    public const int MinPairedRounds = 6;

    /// <summary>d₀: the prior degrees of freedom the round noise is moderated with (limma's s₀² weight); 2 weighs the
    /// comparison's typical case like one case of two rounds a side.</summary>
    public double RoundPriorDegreesOfFreedom { get; init; } = 2;

    /// <summary>Confidence of the ratio's interval (Moses / Hodges–Lehmann).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Fewest history runs from which a noise estimate is made; fewer means "no history".</summary>
    public int MinHistoryPoints { get; init; } = 3;

    /// <summary>How many recent complete runs of each case the noise is learned from (Bencher's default model
    /// uses 64; a short window follows machine changes sooner).</summary>
    public int HistoryWindow { get; init; } = 20;

    /// <summary>The machine-wide (common-mode) shift is estimated and removed only with at least this many cases
    /// matched; with fewer, one regressed case could pass for the whole machine.</summary>
    public int MinCasesForCommonMode { get; init; } = 8;

    /// <summary>A common shift larger than this is not treated as drift: it is left in, so a change that slows
    /// everything still fails the gate. Drift between runs on the shared CI machine stays within about ±8%.</summary>
    public RelativeThreshold MaxCommonShift { get; init; } = new(0.15);

    /// <summary>Fewer samples than this on either side cannot support a verdict: noisy.</summary>
    public int MinSamples { get; init; } = 5;

    /// <summary>A within-run relative spread (MAD/median) above this on either side makes an unconfirmed case
    /// noisy: Arrow lists such "unstable benchmarks" apart (ArcticDB#3391: 26% CV fires at any threshold).</summary>
    public RelativeThreshold NoisySpread { get; init; } = new(0.20);

    /// <summary>What is compared and which way is worse.</summary>
    public MetricDescriptor Metric { get; init; } = MetricDescriptor.Time;

    public static ComparisonOptions Default { get; } = new();

    /// <summary>The minimum effect that applies to one case.</summary>
    public RelativeThreshold MinEffectFor(CaseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var exact = Overrides.LastOrDefault(o => string.Equals(o.Pattern, spec.Id, StringComparison.Ordinal));
        var glob = Overrides.LastOrDefault(o => o.Matches(spec.Id, spec.Label, spec.Name));
        return (exact ?? glob)?.MinEffect ?? MinEffect;
    }
}
