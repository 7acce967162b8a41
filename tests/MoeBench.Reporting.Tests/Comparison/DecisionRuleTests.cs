using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.Tests.Comparison;

/// <summary>Each condition of the rule, on hand-made evidence (log effects, worse positive).</summary>
public sealed class DecisionRuleTests
{
    private static readonly double MinEffect = Math.Log(1.03);

    private static CaseEvidence Evidence(double worse, double halfWidth = 0.01, double q = 1e-6, double noiseBar = 0.05, string noiseSource = "k x history noise", int samples = 40, double spread = 0.03) =>
        new(Math.Log(1 + worse), Math.Log(1 + worse) - halfWidth, Math.Log(1 + worse) + halfWidth, q, MinEffect, noiseBar, noiseSource, samples, spread);

    [Fact]
    public void A_significant_effect_beyond_min_effect_and_noise_bar_regresses()
    {
        var (verdict, reason) = DecisionRule.Decide(Evidence(0.10), ComparisonOptions.Default);
        Assert.Equal(Verdict.Regressed, verdict);
        Assert.Contains("+10.0% worse", reason, StringComparison.Ordinal);
        Assert.Contains("k x history noise", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_condition_alone_can_block_a_regression()
    {
        // Not significant after BH.
        Assert.NotEqual(Verdict.Regressed, DecisionRule.Decide(Evidence(0.10, q: 0.02), ComparisonOptions.Default).Verdict);

        // Point beyond 3% but the CI's better end is not: the conservative end decides.
        Assert.NotEqual(Verdict.Regressed, DecisionRule.Decide(Evidence(0.04, halfWidth: 0.02, noiseBar: 0.01), ComparisonOptions.Default).Verdict);

        // Beyond the minimum effect but within k x noise.
        Assert.NotEqual(Verdict.Regressed, DecisionRule.Decide(Evidence(0.08, noiseBar: 0.09), ComparisonOptions.Default).Verdict);
    }

    [Fact]
    public void Improvements_mirror_regressions()
    {
        Assert.Equal(Verdict.Improved, DecisionRule.Decide(Evidence(-0.10), ComparisonOptions.Default).Verdict);
        Assert.NotEqual(Verdict.Improved, DecisionRule.Decide(Evidence(-0.10, q: 0.5), ComparisonOptions.Default).Verdict);
    }

    [Fact]
    public void Significant_but_straddling_the_bar_is_noisy_not_regressed_nor_unchanged()
    {
        var (verdict, reason) = DecisionRule.Decide(Evidence(0.07, halfWidth: 0.05, noiseBar: 0.08), ComparisonOptions.Default);
        Assert.Equal(Verdict.Noisy, verdict);
        Assert.Contains("straddles", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_effect_the_noise_leaves_insignificant_is_noisy_and_a_small_one_unchanged()
    {
        var (verdict, reason) = DecisionRule.Decide(Evidence(0.31, q: 0.15, noiseBar: Math.Log(1.27), noiseSource: "k x round noise"), ComparisonOptions.Default);
        Assert.Equal(Verdict.Noisy, verdict);
        Assert.Contains("not significant (q=0.15) against k x round noise", reason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Unchanged, DecisionRule.Decide(Evidence(0.05, q: 0.15, noiseBar: Math.Log(1.27)), ComparisonOptions.Default).Verdict);
    }

    [Fact]
    public void Too_few_samples_or_a_huge_spread_is_noisy()
    {
        Assert.Equal(Verdict.Noisy, DecisionRule.Decide(Evidence(0.5, samples: 3), ComparisonOptions.Default).Verdict);
        Assert.Equal(Verdict.Noisy, DecisionRule.Decide(Evidence(0.01, q: 0.5, spread: 0.4), ComparisonOptions.Default).Verdict);

        // A confirmed regression stays one even when the case is spread out.
        Assert.Equal(Verdict.Regressed, DecisionRule.Decide(Evidence(0.5, spread: 0.4), ComparisonOptions.Default).Verdict);
    }

    [Fact]
    public void Small_insignificant_effects_are_unchanged()
    {
        var (verdict, reason) = DecisionRule.Decide(Evidence(0.01, q: 0.4), ComparisonOptions.Default);
        Assert.Equal(Verdict.Unchanged, verdict);
        Assert.Contains("within the bar", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_history_the_reason_names_the_floor()
    {
        var (verdict, reason) = DecisionRule.Decide(Evidence(0.30, noiseBar: Math.Log(1.2), noiseSource: "no-history floor"), ComparisonOptions.Default);
        Assert.Equal(Verdict.Regressed, verdict);
        Assert.Contains("no-history floor +20.0%", reason, StringComparison.Ordinal);
    }
}
