using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;

namespace MoeBench.Core.Tests.Results;

public sealed class ResultMetricsTests
{
    private static readonly DeviceInfo Device = new("cpu", "managed", "AMD", "x", 2, ["avx2"], 1L << 30, 1e11, 1e10, "test", Provenance.Measured);

    private static CaseResult Timed(double[] samples, Metrics? metrics, double? error, IReadOnlyList<MetricValue>? others = null) => new(
        new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1L)])), Device, Provenance.Measured, ResultStatus.Ok, null, error,
        new OpCost(1e6, 1e3), SampleStatistics.From(samples), metrics, samples, 1, 1, "hot", null, OtherMetrics: others);

    [Fact]
    public void Time_per_invocation_is_the_samples_their_median_and_its_interval()
    {
        double[] samples = [100, 110, 105, 120, 95, 101];
        var result = Timed(samples, null, null);

        var time = Assert.Single(result.AllMetrics);
        Assert.Same(WellKnownMetrics.TimePerInvocation, time.Definition);
        Assert.Equal(samples, time.Samples);
        Assert.Equal(result.Statistics!.MedianNs, time.Value);
        Assert.Equal(new MetricInterval(result.Statistics.CiLowerNs, result.Statistics.CiUpperNs), time.Interval);
    }

    [Fact]
    public void Throughputs_error_and_other_metrics_follow_time_each_with_its_own_direction()
    {
        var ttft = MetricValue.Of(WellKnownMetrics.TtftP50, 12.5);
        var result = Timed([1, 2, 3], new Metrics(4000, 2.5, 1.5, 80, "compute"), 1e-6, [ttft]);

        Assert.Equal(
            ["time_per_invocation", "gflops", "gbps", "tokens_per_second", "pct_of_peak", "relative_error", "ttft_p50_ms"],
            result.AllMetrics.Select(m => m.Id));
        Assert.Equal(2.5, result.Metric("gflops")!.Value);
        Assert.True(result.Metric("gflops")!.Definition.HigherIsBetter);
        Assert.False(result.Metric("relative_error")!.Definition.HigherIsBetter);
        Assert.Same(ttft, result.Metric("ttft_p50_ms"));
        Assert.Null(result.Metric("goodput_req_s"));
    }

    [Fact]
    public void Without_roofs_or_tokens_no_share_of_peak_or_token_rate_is_claimed()
    {
        var result = Timed([1, 2, 3], new Metrics(null, 2.5, 1.5, double.NaN, "unknown"), null);
        Assert.Equal(["time_per_invocation", "gflops", "gbps"], result.AllMetrics.Select(m => m.Id));
    }

    [Fact]
    public void Well_known_ids_are_unique_and_their_direction_and_kind_names_read_back()
    {
        Assert.Equal(WellKnownMetrics.All.Count, WellKnownMetrics.All.Select(m => m.Id).Distinct().Count());
        foreach (var metric in WellKnownMetrics.All)
        {
            Assert.Equal(metric.Direction, MetricNames.ParseDirection(metric.Direction.ToName()));
            Assert.Equal(metric.Kind, MetricNames.ParseKind(metric.Kind.ToName()));
        }
    }
}
