using MoeBench.Reporting.History;
using MoeBench.Reporting.Tests.Comparison;

namespace MoeBench.Reporting.Tests.History;

public sealed class SeriesAnalyzerTests
{
    [Fact]
    public void A_signed_series_crossing_zero_has_its_steps_found()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 60).Select(i => (i is >= 20 and < 40 ? -3.0 : 2.0) + (0.5 * SyntheticSuite.Gauss(random))).ToArray();
        var steps = SeriesAnalyzer.Analyze(values).Steps;
        Assert.Equal([20, 40], steps.Select(s => s.Index));
        Assert.True(steps[0].Delta < -4 && steps[1].Delta > 4, string.Join(", ", steps.Select(s => s.Delta)));
    }

    [Fact]
    public void A_drift_after_a_flat_start_begins_where_the_creep_begins_and_is_not_a_step()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 80).Select(i => 100 + (0.4 * Math.Max(0, i - 30)) + SyntheticSuite.Gauss(random)).ToArray();
        var analysis = SeriesAnalyzer.Analyze(values);
        Assert.Empty(analysis.Steps);
        var drift = Assert.Single(analysis.Drifts);
        Assert.InRange(drift.Start, 25, 35);
        Assert.Equal(79, drift.End);
        Assert.InRange(drift.RatePerPoint, 0.3, 0.5);
    }

    [Fact]
    public void A_weekly_pattern_is_not_read_as_steps()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 84).Select(i => 100 + (i % 7 >= 5 ? 4.0 : 0) + SyntheticSuite.Gauss(random)).ToArray();
        var analysis = SeriesAnalyzer.Analyze(values);
        Assert.Empty(analysis.Segments);
    }

    [Fact]
    public void Noise_and_autocorrelation_are_recovered_from_differences_despite_a_step_and_a_trend()
    {
        var random = new Random(5);
        var e = 0.0;
        var values = Enumerable.Range(0, 2000).Select(i =>
        {
            e = (0.6 * e) + (Math.Sqrt(1 - 0.36) * SyntheticSuite.Gauss(random));
            return (0.01 * i) + (i >= 1000 ? 10 : 0) + e;
        }).ToArray();
        var noise = SeriesNoise.Estimate(values);
        Assert.InRange(noise.Rho, 0.5, 0.7);
        Assert.InRange(noise.Sigma, 0.85, 1.15);
    }

    /// <summary>
    /// What <c>history --json</c> prints as noise, for independent noise of σ = 2 around a level of 100 with one 10σ
    /// step, over 200 seeds of 60 points. Measured on 400 seeds of unit noise and 60 points when written: mean σ 1.00,
    /// 5–95% 0.82–1.18, mean ρ 0.013, ρ > 0.3 on 3; before the estimate rejected the step's difference (it was clipped at
    /// 3σ) and took σ from the truncated variance instead of the MAD: ρ > 0.3 on 24, σ 5–95% 0.79–1.37.
    /// </summary>
    [Fact]
    public void Independent_noise_of_known_sigma_is_read_as_that_sigma_and_no_autocorrelation_despite_a_step()
    {
        var estimates = Enumerable.Range(0, 200).Select(seed =>
        {
            var random = new Random(seed);
            var values = Enumerable.Range(0, 60).Select(i => 100 + (i >= 33 ? 20 : 0) + (2 * SyntheticSuite.Gauss(random))).ToArray();
            return SeriesAnalyzer.Analyze(values).Noise;
        }).ToList();
        Assert.InRange(estimates.Average(e => e.Sigma), 1.9, 2.1);
        var within = estimates.Count(e => e.Sigma is >= 1.5 and <= 2.5);
        Assert.True(within >= 180, $"σ within 25% of 2 on {within} of 200 seeds");
        Assert.InRange(estimates.Average(e => e.Rho), 0, 0.05);
        var correlated = estimates.Count(e => e.Rho > 0.3);
        Assert.True(correlated <= 6, $"ρ > 0.3 on {correlated} of 200 seeds");
    }

    /// <summary>
    /// A weekly pattern is removed only where there is one: on 400 seeds of 40 points of independent noise it is
    /// "found" on 7 (when written; 24 before the residuals that are their own running median, exactly 0, were left out
    /// of the noise it is judged against). The bound, 3.5%, sits between the two.
    /// </summary>
    [Fact]
    public void Independent_noise_is_seldom_read_as_a_weekly_pattern()
    {
        var found = Enumerable.Range(0, 400).Count(seed =>
        {
            var random = new Random(seed);
            var values = Enumerable.Range(0, 40).Select(_ => 100 + SyntheticSuite.Gauss(random)).ToArray();
            return !ReferenceEquals(Smoothing.WithoutWeeklyPattern(values), values);
        });
        Assert.True(found <= 14, $"a weekly pattern found in {found} of 400 series of independent noise");
    }
}
