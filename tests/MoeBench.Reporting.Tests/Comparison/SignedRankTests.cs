using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class SignedRankTests
{
    /// <summary>R's <c>wilcox.test</c> example (Hollander &amp; Wolfe, p. 29, depression scale before and after therapy).</summary>
    private static readonly double[] Differences =
        [.. new[] { 1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30 }.Zip([0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29], (x, y) => x - y)];

    [Fact]
    public void The_exact_two_sided_p_value_matches_the_published_example()
    {
        // V = 40 of a possible 45: R prints p-value = 0.03906 (two-sided), 0.01953 one-sided.
        Assert.Equal(0.0390625, SignedRank.TwoSidedPValue(Differences), 10);
    }

    [Fact]
    public void The_estimate_is_the_median_of_the_Walsh_averages_with_Tukeys_interval()
    {
        var estimate = SignedRank.HodgesLehmann(Differences, 0.95);

        // R: (pseudo)median 0.46, 95% interval from the 6th to the 40th of the 45 Walsh averages.
        Assert.Equal(0.46, estimate.Shift, 10);
        Assert.Equal(0.01, estimate.Lower, 10);
        Assert.Equal(0.786, estimate.Upper, 10);
    }

    [Fact]
    public void Ten_differences_of_one_sign_reach_the_smallest_p_ten_can_give_and_symmetric_ones_reach_none()
    {
        double[] allUp = [0.05, 0.04, 0.06, 0.05, 0.03, 0.07, 0.05, 0.04, 0.06, 0.05];
        double[] balanced = [0.01, 0.02, -0.03, -0.04, 0.05, -0.06, -0.07, -0.08, 0.09, 0.10]; // W⁺ = 27, the middle

        Assert.Equal(2.0 / 1024, SignedRank.TwoSidedPValue(allUp), 12);
        Assert.Equal(1.0, SignedRank.TwoSidedPValue(balanced), 12);
        Assert.Equal(1.0, SignedRank.TwoSidedPValue([0.0, 0.0]));
    }

    [Fact]
    public void One_round_hit_by_a_slow_phase_barely_moves_the_estimate_where_it_drags_the_mean()
    {
        double[] steady = [0.050, 0.048, 0.052, 0.049, 0.051, 0.050, 0.047, 0.053, 0.050, 0.049, 0.051, 0.050];
        double[] hit = [.. steady[..^1], 0.65];

        var before = SignedRank.HodgesLehmann(steady, 0.95);
        var after = SignedRank.HodgesLehmann(hit, 0.95);

        Assert.InRange(after.Shift - before.Shift, 0, 0.002);
        Assert.True(hit.Average() - steady.Average() > 0.04);
        Assert.InRange(after.Upper, 0.05, 0.06);
    }

    [Fact]
    public void A_sample_too_small_for_the_confidence_gets_its_range()
    {
        var estimate = SignedRank.HodgesLehmann([0.1, 0.2, 0.3], 0.95);

        Assert.Equal(0.1, estimate.Lower, 12);
        Assert.Equal(0.3, estimate.Upper, 12);
        Assert.Throws<ArgumentException>(() => SignedRank.HodgesLehmann([], 0.95));
    }
}
