using System.Globalization;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// The verdict for one matched, valid case. All effects are log-ratios after removing the comparison's
/// common-mode shift, oriented so that positive is worse.
///
/// <para><b>Regressed</b> needs ALL of:</para>
/// <list type="number">
/// <item>q &lt; QMax (0.01): Mann–Whitney p on raw samples, Benjamini–Hochberg over every case of the
/// comparison. asv and Pinpoint test raw samples with a rank test; BH because ~50 cases at a per-case level
/// would raise chance alarms every run (nodejs/node#7094).</item>
/// <item>the better end of the ratio's CI beyond the minimum effect (3%, per-case overridable): the effect is
/// real AND large enough to matter — asv, BenchmarkDotNet, ResultsComparer, Perfherder and chromeperf all pair a
/// statistic with a minimum effect; the CI end, not the point, so a wide interval cannot pass on luck.</item>
/// <item>the point estimate beyond the noise bar. With history: k (3) × the learned run-to-run noise of a
/// difference of two pooled measurements, σ·√(1/B + 1/C) — the within-run CI knows nothing of run-to-run
/// variation, which dominates on a shared machine (react_on_rails#3169). The point, not the CI end, because σ
/// comes from past medians and so already contains each median's sampling error. Without history: a 10% floor
/// (asv compare's factor 1.1, BenchmarkDotNet's 10%), because nothing else bounds run-to-run noise.</item>
/// </list>
/// <para>Before all this, the machine-wide drift is removed (see <see cref="CommonShift"/>), so a case whose
/// ratio the common shift explains is judged unchanged; the report states the shift.</para>
/// <para><b>Improved</b> mirrors the rule. <b>Noisy</b> means "rerun, cannot tell": too few samples, or significant
/// with an interval reaching past the bar without confirming (Pinpoint's UNKNOWN), or — unconfirmed — a
/// within-run spread above NoisySpread (Arrow lists such unstable benchmarks apart). Otherwise <b>unchanged</b>.</para>
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
        var noiseSource = e.HasHistory ? "k x history noise" : "no-history floor";
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
            return (Verdict.Noisy, F($"significant (q={e.QValue:G2}) but not confirmed: {Pct(e.Worse)} worse, CI {Pct(e.WorseLower)}..{Pct(e.WorseUpper)} straddles the bar {Pct(bar)} ({noiseSource} {Pct(e.NoiseBar)})"));
        }

        if (e.Spread > Math.Log(1 + options.NoisySpread.Fraction))
        {
            return (Verdict.Noisy, F($"within-run spread {Pct(e.Spread)} above {options.NoisySpread}: unstable case"));
        }

        return (Verdict.Unchanged, F($"{Pct(e.Worse)} worse (CI {Pct(e.WorseLower)}..{Pct(e.WorseUpper)}), q={e.QValue:G2}: within the bar {Pct(bar)}"));
    }

    /// <summary>A log effect as a signed percentage change.</summary>
    private static string Pct(double logRatio) => F($"{(Math.Exp(logRatio) - 1) * 100:+0.0;-0.0;0.0}%");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
