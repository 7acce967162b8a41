using System.Globalization;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// The verdict for one matched, valid case. All effects are log-ratios after removing the comparison's
/// common-mode shift (<see cref="CommonMode"/>), oriented so that positive is worse.
///
/// <para><b>Regressed</b> needs ALL of:</para>
/// <list type="number">
/// <item>q &lt; QMax (0.01), q being Benjamini–Hochberg over every case of the comparison of a p-value that both
/// tests must back: Mann–Whitney on the raw samples (asv and Pinpoint test raw samples by rank) and, with history,
/// a Student t of the effect against the run-to-run noise learned from history (Bencher's t_test model). The rank
/// test alone calls any run-to-run jitter significant once samples are many; BH because ~50 cases at a per-case
/// level would raise chance alarms every run (nodejs/node#7094).</item>
/// <item>The better end of the ratio's confidence interval beyond the minimum effect (3%, per-case overridable):
/// asv, BenchmarkDotNet, ResultsComparer, Perfherder and chromeperf all pair a statistic with a minimum effect; the
/// CI end rather than the point, so a wide interval cannot pass on luck.</item>
/// <item>The point estimate beyond the noise bar. With history: k (3) × σ·√(1/B + 1/C), σ the learned noise of one
/// run's median and B, C the runs pooled on each side — the within-run CI knows nothing of run-to-run variation,
/// which dominates on a shared machine (react_on_rails#3169); the point, not the CI end, because σ comes from past
/// medians and so already holds each median's sampling error. Where the case's op reaches k on its cases' pooled
/// evidence and the case moved with it (<see cref="OpPooling"/>), the bar is divided by √n_eff, the op's effective
/// number of independent cases, and the t test in q uses the op's statistic. Without history but with rounds on both sides:
/// k × the standard error of the round medians' difference (<see cref="RoundNoise"/>), at least a 10% floor — rounds
/// also add a Student t on the round medians to q, so a case whose rounds disagree cannot be confirmed by its many
/// samples. With neither: a 20% floor (on the shared 2-core runner two runs of one case differ with σ up to ~6%, and
/// 46 cases need ~3.3σ each for an A/A comparison to stay clean).</item>
/// </list>
/// <para><b>Improved</b> mirrors the rule. <b>Noisy</b> means "rerun, cannot tell": too few samples; significant
/// with an interval reaching past the bar without confirming (Pinpoint's UNKNOWN); an effect past the bar that the
/// noise leaves insignificant; or, unconfirmed, a within-run spread above NoisySpread (Arrow lists such unstable benchmarks apart; ArcticDB#3391). Otherwise
/// <b>unchanged</b>.</para>
/// </summary>
internal static class DecisionRule
{
    public static (Verdict Verdict, string Reason) Decide(CaseEvidence e, ComparisonOptions options)
    {
        if (e.MinSamples < options.MinSamples)
        {
            return (Verdict.Noisy, F($"only {e.MinSamples} samples on one side (< {options.MinSamples}): cannot test"));
        }

        var significant = e.QValue < options.QMax;
        var bar = Math.Max(e.MinEffect, e.NoiseBar);
        var noiseSource = e.NoiseSource;
        if (significant && e.WorseLower > e.MinEffect && e.Worse > e.NoiseBar)
        {
            return (Verdict.Regressed, F($"{Pct(e.Worse)} worse (CI {Pct(e.WorseLower)}..{Pct(e.WorseUpper)}), q={e.QValue:G2}, beyond min effect {Pct(e.MinEffect)} and {noiseSource} {Pct(e.NoiseBar)}"));
        }

        if (significant && e.WorseUpper < -e.MinEffect && e.Worse < -e.NoiseBar)
        {
            return (Verdict.Improved, F($"{Pct(-e.Worse)} better (CI {Pct(-e.WorseUpper)}..{Pct(-e.WorseLower)}), q={e.QValue:G2}, beyond min effect {Pct(e.MinEffect)} and {noiseSource} {Pct(e.NoiseBar)}"));
        }

        if (significant && (e.WorseUpper > bar || e.WorseLower < -bar))
        {
            return (Verdict.Noisy, F($"significant (q={e.QValue:G2}) but not confirmed: {Effect(e)} straddles the bar {Pct(bar)} ({noiseSource} {Pct(e.NoiseBar)})"));
        }

        if (!significant && Math.Abs(e.Worse) > bar)
        {
            return (Verdict.Noisy, F($"{Effect(e)} beyond the bar {Pct(bar)} but not significant (q={e.QValue:G2}) against {noiseSource}: rerun"));
        }

        if (e.Spread > Math.Log(1 + options.NoisySpread.Fraction))
        {
            return (Verdict.Noisy, F($"{e.SpreadSource} {Pct(e.Spread)} above {options.NoisySpread}: unstable case"));
        }

        return (Verdict.Unchanged, F($"{Effect(e)}, q={e.QValue:G2}: within the bar {Pct(bar)} ({noiseSource} {Pct(e.NoiseBar)})"));
    }

    /// <summary>The effect and its interval, said in the direction it points: "+5.0% worse (CI …)" or "3.2% better (CI …)".</summary>
    private static string Effect(CaseEvidence e) => e.Worse >= 0
        ? F($"{Pct(e.Worse)} worse (CI {Pct(e.WorseLower)}..{Pct(e.WorseUpper)})")
        : F($"{Pct(-e.Worse)} better (CI {Pct(-e.WorseUpper)}..{Pct(-e.WorseLower)})");

    /// <summary>A log effect as a signed percentage change.</summary>
    private static string Pct(double logRatio) => F($"{(Math.Exp(logRatio) - 1) * 100:+0.0;-0.0;0.0}%");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
