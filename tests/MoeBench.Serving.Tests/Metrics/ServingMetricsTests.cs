using MoeBench.Core.Results;
using MoeBench.Serving.Metrics;

namespace MoeBench.Serving.Tests.Metrics;

/// <summary>
/// Metric definitions on hand-made timelines, per LoadGen and vLLM's serving benchmark
/// (shared/reference/serving-benchmarks.md): TTFT = first token − arrival, TPOT = (E2E − TTFT)/(tokens − 1),
/// ITL = every gap between consecutive tokens, goodput = requests meeting every SLO per second.
/// </summary>
public sealed class ServingMetricsTests
{
    private static RequestRecord Finished(int id, double arrival, params double[] tokens) =>
        new(id, arrival, 10, tokens.Length, tokens[0], tokens, tokens[^1], 0, 0, false);

    private static ServingOutcome Outcome(params RequestRecord[] requests) => new(requests, [], 0, 16, 0, 0, 0);

    private static double Value(ServingSummary summary, MetricDefinition metric) => summary.Metrics.Single(m => m.Definition == metric).Value;

    [Fact]
    public void Ttft_tpot_itl_and_e2e_of_one_request_follow_their_definitions()
    {
        // Arrives at 1 s, first token at 1.5 s, then tokens at 1.6, 1.8 and 2.1 s.
        var latencies = RequestLatencies.Of(Finished(0, 1, 1.5, 1.6, 1.8, 2.1))!;

        Assert.Equal(0.5, latencies.Ttft, 12);
        Assert.Equal(1.1, latencies.E2e, 12);
        Assert.Equal(0.2, latencies.Tpot!.Value, 12); // (1.1 − 0.5) / (4 − 1)
        Assert.Equal([0.1, 0.2, 0.3], latencies.Itl.Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void A_one_token_request_has_no_tpot_and_an_unfinished_one_no_latencies()
    {
        Assert.Null(RequestLatencies.Of(Finished(0, 0, 0.3))!.Tpot);
        Assert.Null(RequestLatencies.Of(new RequestRecord(1, 0, 10, 5, 0.2, [0.2, 0.3], null, 0, 0, false)));
    }

    [Fact]
    public void Percentiles_interpolate_between_closest_ranks_as_numpy_does()
    {
        double[] values = [15, 20, 35, 40, 50];

        // np.percentile([15, 20, 35, 40, 50], [50, 90, 99]) = 35, 46, 49.6
        Assert.Equal([35, 46, 49.6], new[] { 50.0, 90, 99 }.Select(p => Math.Round(Percentile.Of(values, p), 9)));
    }

    [Fact]
    public void The_summary_reports_percentiles_in_ms_rates_over_the_measured_window_and_leaves_warm_up_out()
    {
        var warm = Finished(0, 0, 5, 6) with { Warmup = true };
        var outcome = Outcome(warm, Finished(1, 1, 1.1, 1.2, 1.3), Finished(2, 2, 2.3, 2.5), Finished(3, 3, 3.2, 3.3, 3.4, 4));

        var summary = ServingMetrics.Compute(outcome, new SloLimits(250, 150));

        Assert.Equal((3, 3, 3.0, 2.0), (summary.Measured, summary.Finished, summary.WindowSeconds, summary.ArrivalSpanSeconds));
        Assert.Equal(200, Value(summary, WellKnownMetrics.TtftP50), 9); // TTFTs 100, 300, 200 ms
        Assert.Equal([100, 300, 200], summary.Metrics.Single(m => m.Id == "ttft_p50_ms").Samples.Select(x => Math.Round(x, 9)));
        Assert.Equal(298, Value(summary, WellKnownMetrics.TtftP99), 9);
        Assert.Equal(200, Value(summary, WellKnownMetrics.TpotP50), 9); // TPOTs 100, 200, 266.7 ms
        Assert.Equal(3, Value(summary, WellKnownMetrics.RequestThroughput) * 3, 9);
        Assert.Equal(9.0 / 3, Value(summary, WellKnownMetrics.ThroughputTokens), 9);
        // SLO: TTFT ≤ 250 ms and TPOT ≤ 150 ms: only request 1 (100 ms, 100 ms) meets both.
        Assert.Equal(1.0 / 3, Value(summary, WellKnownMetrics.Goodput), 9);
        Assert.Equal(1.0 / 3, Value(summary, WellKnownMetrics.SloAttainment), 9);
        Assert.Equal(580, Value(summary, WellKnownMetrics.ItlP99), 9); // ITLs 100, 100, 200, 100, 100, 600 ms
    }

    [Fact]
    public void An_unfinished_measured_request_counts_against_slo_attainment()
    {
        var outcome = Outcome(Finished(0, 0, 0.1, 0.2), new RequestRecord(1, 0.5, 10, 4, null, [], null, 0, 0, false));

        var summary = ServingMetrics.Compute(outcome, new SloLimits(1000, 1000));

        Assert.Equal((2, 1), (summary.Measured, summary.Finished));
        Assert.Equal(0.5, Value(summary, WellKnownMetrics.SloAttainment));
    }

    [Fact]
    public void Kv_cache_use_and_prefix_hit_rate_come_from_the_steps_and_the_engine_counters()
    {
        var outcome = new ServingOutcome(
            [Finished(0, 0, 0.1, 0.2)],
            [new StepRecord(0, 0, 0.1, 10, 0, 1, 0, 12), new StepRecord(1, 0.1, 0.2, 0, 1, 1, 0, 30)],
            40, 16, 3, 512, 128);

        var summary = ServingMetrics.Compute(outcome, new SloLimits(1000, 1000));

        Assert.Equal(0.75, Value(summary, WellKnownMetrics.KvCachePeakUse));
        Assert.Equal(0.25, Value(summary, WellKnownMetrics.PrefixHitRate));
        Assert.Equal(3, Value(summary, WellKnownMetrics.Preemptions));
    }
}
