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
            var findings = HistoryAnalyzer.Analyze(series);
            var change = Assert.Single(findings.ChangePoints);
            Assert.True(Math.Abs(change.Index - 15) <= 1, $"seed {seed}: change at {change.Index}, expected 15 ± 1");
            Assert.Equal(series[change.Index].RunId, change.RunId);
            Assert.Equal(series[change.Index].Commit, change.Commit);
            Assert.InRange(change.Ratio, 1.15, 1.25);
            Assert.True(change.Confidence >= 3, $"seed {seed}: a 10 σ step judged {change.Confidence:0.0} σ");
            Assert.Empty(findings.Drifts);
        }
    }

    [Fact]
    public void A_30_night_creep_of_half_a_percent_a_night_is_one_drift_and_no_step()
    {
        foreach (var seed in Seeds)
        {
            var series = Series(seed, 30, 0.005, i => Math.Pow(1.005, i));
            var findings = HistoryAnalyzer.Analyze(series);
            Assert.True(findings.ChangePoints.Count == 0, $"seed {seed}: steps at {string.Join(", ", findings.ChangePoints.Select(c => c.Index))}");
            var drift = Assert.Single(findings.Drifts);
            Assert.Equal((0, 29), (drift.Drift.Start, drift.Drift.End));
            Assert.Equal((series[0].RunId, series[29].RunId), (drift.FirstRunId, drift.LastRunId));
            Assert.InRange(drift.Drift.RelativeRatePerPoint!.Value, 0.004, 0.006);
        }
    }

    /// <summary>
    /// The step is 2.5 long-run σ (4% here: σ·√((1+ρ)/(1−ρ))) against a threshold of 2, and ρ is estimated from 40
    /// points, so an estimate high by a fifth hides it: one seed in 20 may miss it (seed 10 with the robust
    /// autocorrelation, seed 15 with the Yule–Walker estimate before it), never more, and never at the wrong night.
    /// </summary>
    [Fact]
    public void A_10_percent_step_in_AR1_noise_is_found_at_the_night_it_happened()
    {
        var missed = new List<int>();
        foreach (var seed in Enumerable.Range(1, 20))
        {
            var random = new Random(seed);
            var noise = 0.0;
            var series = Enumerable.Range(0, 40).Select(i =>
            {
                // AR(1) with ρ = 0.6 and a marginal σ of 2%: neighbouring nights share their noise.
                noise = (0.6 * noise) + (0.02 * Math.Sqrt(1 - 0.36) * SyntheticSuite.Gauss(random));
                return Point(i, (i >= 22 ? 1.10 : 1.0) * (1 + noise));
            }).ToList();
            var changes = HistoryAnalyzer.Analyze(series).ChangePoints;

            // AR(1) wanders: a short-lived small shift elsewhere may be reported, never one as large as the real step.
            Assert.True(changes.All(c => c.Index == 22 || Math.Abs(c.Ratio - 1) < 0.05), $"seed {seed}: " + string.Join(", ", changes.Select(c => $"{c.Index}: {c.Ratio:0.000}")));
            if (changes.SingleOrDefault(c => c.Index == 22) is not { } change)
            {
                missed.Add(seed);
                continue;
            }

            // A wander next to the step can be fitted as a short drift, so the step's estimated size is loose
            // (seen: +2.5% to +13%); its night and direction are not.
            Assert.True(change.Ratio is > 1.0 and < 1.2, $"seed {seed}: ratio {change.Ratio:0.000}");
        }

        Assert.True(missed.Count <= 1, $"the step at 22 was missed on seeds {string.Join(", ", missed)}");
    }

    [Fact]
    public void A_flat_noisy_series_has_no_change_point_and_no_drift()
    {
        foreach (var seed in Seeds)
        {
            var findings = HistoryAnalyzer.Analyze(Series(seed, 30, 0.02, _ => 1.0));
            Assert.True(findings.ChangePoints.Count == 0, $"seed {seed}: spurious changes at {string.Join(", ", findings.ChangePoints.Select(c => c.Index))}");
            Assert.Empty(findings.Drifts);
        }
    }

    [Fact]
    public void Two_steps_are_both_found_up_then_down()
    {
        foreach (var seed in Seeds)
        {
            var series = Series(seed, 40, 0.02, i => (i >= 12 ? 1.20 : 1.0) * (i >= 27 ? 0.85 : 1.0));
            var changes = HistoryAnalyzer.Analyze(series).ChangePoints;
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
            var changes = HistoryAnalyzer.Analyze(Series(seed, 30, 0.02, i => i == 14 ? 1.5 : 1.0)).ChangePoints;
            Assert.True(changes.Count == 0, $"seed {seed}: outlier read as change at {string.Join(", ", changes.Select(c => c.Index))}");
        }
    }

    [Fact]
    public void A_minimum_magnitude_drops_small_steps()
    {
        var series = Series(4, 30, 0.005, i => i >= 15 ? 1.04 : 1.0);
        Assert.Single(HistoryAnalyzer.Analyze(series).ChangePoints);
        Assert.Empty(HistoryAnalyzer.Analyze(series, new HistoryOptions { MinMagnitude = new(0.05) }).ChangePoints);
    }

    [Fact]
    public void Series_too_short_or_not_finite_yield_nothing()
    {
        Assert.Empty(HistoryAnalyzer.Analyze(Series(1, 5, 0.02, i => i >= 3 ? 2.0 : 1.0)).ChangePoints);
        Assert.Empty(HistoryAnalyzer.Analyze([]).ChangePoints);
        var broken = Series(1, 30, 0.02, i => i >= 15 ? 2.0 : 1.0).ToList();
        broken[7] = broken[7] with { Median = double.NaN };
        Assert.Empty(HistoryAnalyzer.Analyze(broken).ChangePoints);
    }

    private static List<HistoryPoint> Series(int seed, int count, double noise, Func<int, double> level)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => Point(i, level(i) * Math.Exp(noise * SyntheticSuite.Gauss(random))))];
    }

    private static HistoryPoint Point(int i, double relative) => new(100 + i, $"{i:x4}beef", T0.AddDays(i), 1_000_000 * relative);
}
