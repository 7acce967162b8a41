using MoeBench.Core.Statistics;

namespace MoeBench.Core.Tests.Statistics;

public sealed class SampleStatisticsTests
{
    [Fact]
    public void One_to_101_has_median_51_inside_its_interval()
    {
        var s = SampleStatistics.From([.. Enumerable.Range(1, 101).Select(i => (double)i)]);

        Assert.Equal(101, s.Count);
        Assert.Equal(51.0, s.MedianNs, 6);
        Assert.Equal(51.0, s.MeanNs, 12);
        Assert.Equal(1.0, s.MinNs);
        Assert.True(s.P10Ns < s.MedianNs && s.MedianNs < s.P90Ns && s.P90Ns < s.P99Ns, $"p10 {s.P10Ns} p50 {s.MedianNs} p90 {s.P90Ns} p99 {s.P99Ns}");
        Assert.InRange(s.P10Ns, 9.0, 13.0);
        Assert.InRange(s.P90Ns, 89.0, 93.0);
        Assert.True(s.CiLowerNs < s.MedianNs && s.MedianNs < s.CiUpperNs, $"CI [{s.CiLowerNs}, {s.CiUpperNs}]");
        Assert.True(s.MadNs > 0, $"MAD {s.MadNs}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Tight_samples_have_small_relative_mad(int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 200).Select(_ => 1000 + random.NextDouble()).ToArray();

        var s = SampleStatistics.From(samples);

        Assert.True(s.RelativeMad < 0.001, $"seed {seed}: relative MAD {s.RelativeMad}");
        Assert.InRange(s.MedianNs, 1000, 1001);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Spread_samples_have_larger_relative_mad_than_tight_ones(int seed)
    {
        var random = new Random(seed);
        var tight = SampleStatistics.From([.. Enumerable.Range(0, 100).Select(_ => 1000 + (10 * random.NextDouble()))]);
        var spread = SampleStatistics.From([.. Enumerable.Range(0, 100).Select(_ => 1000 + (500 * random.NextDouble()))]);

        Assert.True(spread.RelativeMad > 10 * tight.RelativeMad, $"seed {seed}: tight {tight.RelativeMad}, spread {spread.RelativeMad}");
    }

    [Theory]
    [InlineData(50, 0.0)]
    [InlineData(4, 0.0)]
    [InlineData(49, 0.5)]
    public void Constant_samples_have_a_finite_interval_containing_the_median(int n, double outlier)
    {
        double[] samples = [.. Enumerable.Repeat(100.0, n), .. outlier > 0 ? [100 + outlier] : Array.Empty<double>()];

        var s = SampleStatistics.From(samples);

        Assert.True(
            double.IsFinite(s.CiLowerNs) && double.IsFinite(s.CiUpperNs) && s.CiLowerNs <= s.MedianNs && s.MedianNs <= s.CiUpperNs,
            $"{n} × 100 + [{outlier}]: median {s.MedianNs}, CI [{s.CiLowerNs}, {s.CiUpperNs}]");
        Assert.Equal(0.0, s.RelativeMad, 9);
    }

    [Fact]
    public void Median_resists_an_outlier_the_mean_does_not()
    {
        double[] samples = [.. Enumerable.Repeat(100.0, 30).Select((v, i) => v + (i % 3)), 100_000];

        var s = SampleStatistics.From(samples);

        Assert.InRange(s.MedianNs, 100, 102);
        Assert.True(s.MeanNs > 3000, $"mean {s.MeanNs}");
    }

    [Fact]
    public void Fewer_than_two_samples_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleStatistics.From([5.0]));
    }
}
