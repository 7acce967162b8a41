using MoeBench.Reporting.History;
using MoeBench.Reporting.Tests.Comparison;

namespace MoeBench.Reporting.Tests.History;

public sealed class HistoryAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ten seeds each, so one lucky draw cannot pass a test: the detector must work for all of them.</summary>
    private static readonly int[] Seeds = [.. Enumerable.Range(1, 10)];

    [Fact]
    public void A_20_percent_step_at_index_15_of_30_points_with_2_percent_noise_is_found_there()
    {
        foreach (var seed in Seeds)
        {
            var series = Series(seed, 30, 0.02, i => i >= 15 ? 1.20 : 1.0);
            var change = Assert.Single(HistoryAnalyzer.Analyze(series));
            Assert.True(Math.Abs(change.Index - 15) <= 1, $"seed {seed}: change at {change.Index}, expected 15 ± 1");
            Assert.Equal(series[change.Index].RunId, change.RunId);
            Assert.Equal(series[change.Index].Commit, change.Commit);
            Assert.InRange(change.Ratio, 1.15, 1.25);
            Assert.True(change.PValue <= 0.001, $"seed {seed}: p {change.PValue}");
        }
    }

    [Fact]
    public void A_flat_noisy_series_has_no_change_point()
    {
        foreach (var seed in Seeds)
        {
            var changes = HistoryAnalyzer.Analyze(Series(seed, 30, 0.02, _ => 1.0));
            Assert.True(changes.Count == 0, $"seed {seed}: spurious changes at {string.Join(", ", changes.Select(c => c.Index))}");
        }
    }

    [Fact]
    public void Two_steps_are_both_found_up_then_down()
    {
        foreach (var seed in Seeds)
        {
            var series = Series(seed, 40, 0.02, i => (i >= 12 ? 1.20 : 1.0) * (i >= 27 ? 0.85 : 1.0));
            var changes = HistoryAnalyzer.Analyze(series);
            Assert.True(changes.Count == 2, $"seed {seed}: changes at {string.Join(", ", changes.Select(c => c.Index))}");
            Assert.InRange(changes[0].Index, 11, 13);
            Assert.InRange(changes[1].Index, 26, 28);
            Assert.True(changes[0].Ratio > 1.1, $"seed {seed}: first ratio {changes[0].Ratio}");
            Assert.True(changes[1].Ratio < 0.9, $"seed {seed}: second ratio {changes[1].Ratio}");
        }
    }

    [Fact]
    public void A_single_outlier_is_not_a_change()
    {
        foreach (var seed in Seeds)
        {
            var changes = HistoryAnalyzer.Analyze(Series(seed, 30, 0.02, i => i == 14 ? 1.5 : 1.0));
            Assert.True(changes.Count == 0, $"seed {seed}: outlier read as change at {string.Join(", ", changes.Select(c => c.Index))}");
        }
    }

    [Fact]
    public void MinDistance_bounds_how_short_a_segment_can_be()
    {
        // A step 4 points from the end: visible with the default minDistance 3, not with 5.
        var series = Series(3, 24, 0.01, i => i >= 20 ? 1.3 : 1.0);
        Assert.Equal(20, Assert.Single(HistoryAnalyzer.Analyze(series)).Index);
        Assert.Empty(HistoryAnalyzer.Analyze(series, new HistoryOptions { MinDistance = 5 }));
    }

    [Fact]
    public void A_minimum_magnitude_drops_small_but_significant_steps()
    {
        var series = Series(4, 30, 0.005, i => i >= 15 ? 1.04 : 1.0);
        Assert.Single(HistoryAnalyzer.Analyze(series));
        Assert.Empty(HistoryAnalyzer.Analyze(series, new HistoryOptions { MinMagnitude = new(0.05) }));
    }

    [Fact]
    public void Series_too_short_or_not_positive_yield_nothing()
    {
        Assert.Empty(HistoryAnalyzer.Analyze(Series(1, 5, 0.02, i => i >= 3 ? 2.0 : 1.0)));
        Assert.Empty(HistoryAnalyzer.Analyze([]));
        var broken = Series(1, 30, 0.02, i => i >= 15 ? 2.0 : 1.0).ToList();
        broken[7] = broken[7] with { Median = 0 };
        Assert.Empty(HistoryAnalyzer.Analyze(broken));
    }

    private static List<HistoryPoint> Series(int seed, int count, double noise, Func<int, double> level)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, count).Select(i => new HistoryPoint(
                100 + i, $"{i:x4}beef", T0.AddDays(i), 1_000_000 * level(i) * Math.Exp(noise * SyntheticSuite.Gauss(random)))),
        ];
    }
}
