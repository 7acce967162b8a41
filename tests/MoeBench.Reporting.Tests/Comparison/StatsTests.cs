using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class StatsTests
{
    [Fact]
    public void Rank_sum_exact_p_matches_the_textbook_values()
    {
        // Complete separation of 3 vs 3: 2 of the C(6,3) = 20 arrangements are as extreme → two-sided p = 0.1.
        Assert.Equal(0.1, RankSumTest.TwoSidedPValue([1, 2, 3], [4, 5, 6]), 12);

        // 4 vs 4 separated: 2/70.
        Assert.Equal(2.0 / 70, RankSumTest.TwoSidedPValue([1, 2, 3, 4], [5, 6, 7, 8]), 12);

        // U exactly at its mean (8 of 16 pairs): no evidence either way.
        Assert.Equal(1.0, RankSumTest.TwoSidedPValue([1, 4, 5, 8], [2, 3, 6, 7]), 12);
    }

    [Fact]
    public void Rank_sum_normal_approximation_agrees_with_the_exact_distribution_where_both_apply()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 60).Select(_ => random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 60).Select(_ => random.NextDouble() + 0.15).ToArray();

        // 60 x 60 = 3600 pairs is beyond the exact limit; 40 x 60 = 2400 within it. Compare a subset both ways.
        var exact = RankSumTest.TwoSidedPValue(x[..40], y);
        var shiftedX = x[..40].Select(v => v + 1e-12).ToArray(); // still tie-free, same ranks
        Assert.Equal(exact, RankSumTest.TwoSidedPValue(shiftedX, y), 12);
        var approx = RankSumTest.TwoSidedPValue(x, y);
        Assert.InRange(approx, 1e-6, 0.05);
        Assert.InRange(exact, approx / 5, approx * 5);
    }

    [Fact]
    public void Rank_sum_handles_ties_and_all_equal_samples()
    {
        Assert.Equal(1.0, RankSumTest.TwoSidedPValue([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]));
        var tied = RankSumTest.TwoSidedPValue([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], [4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
        Assert.InRange(tied, 1e-4, 0.01);
        Assert.Equal(1.0, RankSumTest.TwoSidedPValue([], [1, 2]));
    }

    [Fact]
    public void The_test_gaussian_has_mean_0_and_sd_1()
    {
        var random = new Random(1);
        var draws = Enumerable.Range(0, 200_000).Select(_ => SyntheticSuite.Gauss(random)).ToArray();
        var mean = draws.Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(Math.Sqrt(draws.Average(d => (d - mean) * (d - mean))), 0.99, 1.01);
    }

    [Fact]
    public void Hodges_Lehmann_interval_covers_the_true_shift_at_its_nominal_rate()
    {
        // 400 seeded pairs of samples shifted by 0.8: a 95% interval must cover 0.8 about 95% of the time.
        var covered = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var x = Enumerable.Range(0, 30).Select(_ => SyntheticSuite.Gauss(random)).ToArray();
            var y = Enumerable.Range(0, 25).Select(_ => SyntheticSuite.Gauss(random) + 0.8).ToArray();
            var estimate = HodgesLehmann.Estimate(x, y, 0.95);
            Assert.True(estimate.Lower <= estimate.Shift && estimate.Shift <= estimate.Upper);
            Assert.True(Math.Abs(estimate.Shift - (y.Average() - x.Average())) < 0.3, $"seed {seed}: shift {estimate.Shift}");
            covered += estimate.Lower <= 0.8 && 0.8 <= estimate.Upper ? 1 : 0;
        }

        Assert.InRange(covered / 400.0, 0.93, 0.98);
    }

    [Fact]
    public void Hodges_Lehmann_is_exact_for_identical_shapes_and_widens_with_confidence()
    {
        Assert.Equal(10, HodgesLehmann.Estimate([1, 2, 3, 4], [11, 12, 13, 14], 0.9).Shift, 12);
        var random = new Random(2);
        var x = Enumerable.Range(0, 40).Select(_ => SyntheticSuite.Gauss(random)).ToArray();
        var y = Enumerable.Range(0, 40).Select(_ => SyntheticSuite.Gauss(random)).ToArray();
        var narrow = HodgesLehmann.Estimate(x, y, 0.8);
        var wide = HodgesLehmann.Estimate(x, y, 0.999);
        Assert.True(wide.Lower < narrow.Lower && wide.Upper > narrow.Upper);
    }

    [Fact]
    public void Hodges_Lehmann_thins_very_large_samples_without_moving_the_estimate_much()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 3000).Select(_ => SyntheticSuite.Gauss(random)).ToArray();
        var y = Enumerable.Range(0, 2500).Select(_ => SyntheticSuite.Gauss(random) + 0.3).ToArray();
        var estimate = HodgesLehmann.Estimate(x, y, 0.95);
        Assert.InRange(estimate.Shift, 0.22, 0.38);
        Assert.InRange(estimate.Upper - estimate.Lower, 0.05, 0.25);
    }

    [Fact]
    public void Benjamini_Hochberg_matches_a_worked_example()
    {
        // p = 0.01, 0.04, 0.03, 0.005 (m = 4): sorted 0.005, 0.01, 0.03, 0.04 → p·m/rank 0.02, 0.02, 0.04, 0.04.
        var q = FalseDiscovery.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], q.Select(v => Math.Round(v, 12)));

        // Monotone in p and capped at 1.
        // Step-up: a smaller p never gets a larger q than a larger p (0.8·3 and 0.9·3/2 both fall to 0.99).
        var capped = FalseDiscovery.BenjaminiHochberg([0.9, 0.8, 0.99]);
        Assert.All(capped, v => Assert.Equal(0.99, v, 12));
        Assert.Equal(0.7, FalseDiscovery.BenjaminiHochberg([0.6, 0.7])[0], 12);
        Assert.Empty(FalseDiscovery.BenjaminiHochberg([]));
    }

    [Fact]
    public void Robust_estimators_ignore_a_minority_of_wild_values()
    {
        Assert.Equal(3, RobustEstimators.Median([5, 1, 3, 100, 2]));
        Assert.Equal(2.5, RobustEstimators.Median([4, 1, 3, 2]));
        Assert.Equal(1.5 * 1.4826, RobustEstimators.Sigma([1, 2, 3, 4, 5, 1000]), 9);
        Assert.Equal(10, RobustEstimators.WeightedMedian([(1, 1), (10, 5), (100, 1)]));
        Assert.Equal(1, RobustEstimators.WeightedMedian([(1, 5), (10, 1), (100, 1)]));
    }
}
