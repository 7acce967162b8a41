namespace MoeBench.Core.Results;

/// <summary>
/// The metrics MoeBench itself produces, in one place: the kernel and layer ones derived from timed samples, and
/// the serving ones a scenario reports (ids as in issue 13: TTFT/TPOT per LoadGen and vLLM's serving benchmark).
/// A result may carry metrics not listed here; each carries its own definition.
/// </summary>
public static class WellKnownMetrics
{
    public static MetricDefinition TimePerInvocation { get; } = new("time_per_invocation", "ns", MetricDirection.LowerIsBetter, MetricKind.TimePerInvocation);

    public static MetricDefinition Gflops { get; } = new("gflops", "GFLOP/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    public static MetricDefinition Gbps { get; } = new("gbps", "GB/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    public static MetricDefinition TokensPerSecond { get; } = new("tokens_per_second", "tokens/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    public static MetricDefinition PctOfPeak { get; } = new("pct_of_peak", "%", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    /// <summary>Normwise error against the float64 reference: lower is better.</summary>
    public static MetricDefinition RelativeError { get; } = new("relative_error", "1", MetricDirection.LowerIsBetter, MetricKind.Ratio);

    public static MetricDefinition TtftP50 { get; } = Latency("ttft_p50_ms");

    public static MetricDefinition TtftP90 { get; } = Latency("ttft_p90_ms");

    public static MetricDefinition TtftP99 { get; } = Latency("ttft_p99_ms");

    public static MetricDefinition TpotP50 { get; } = Latency("tpot_p50_ms");

    public static MetricDefinition TpotP90 { get; } = Latency("tpot_p90_ms");

    public static MetricDefinition TpotP99 { get; } = Latency("tpot_p99_ms");

    public static MetricDefinition ItlP50 { get; } = Latency("itl_p50_ms");

    public static MetricDefinition ItlP90 { get; } = Latency("itl_p90_ms");

    public static MetricDefinition ItlP99 { get; } = Latency("itl_p99_ms");

    public static MetricDefinition E2eP50 { get; } = Latency("e2e_p50_ms");

    public static MetricDefinition E2eP90 { get; } = Latency("e2e_p90_ms");

    public static MetricDefinition E2eP99 { get; } = Latency("e2e_p99_ms");

    /// <summary>Finished (measured) requests per second of the measured window.</summary>
    public static MetricDefinition RequestThroughput { get; } = new("request_throughput_req_s", "req/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    /// <summary>The highest share of the KV cache's blocks in use at the end of any step.</summary>
    public static MetricDefinition KvCachePeakUse { get; } = new("kv_cache_peak_use", "1", MetricDirection.LowerIsBetter, MetricKind.Ratio);

    /// <summary>Prompt tokens found in the prefix cache over those looked up (vLLM's prefix cache hit rate).</summary>
    public static MetricDefinition PrefixHitRate { get; } = new("prefix_hit_rate", "1", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    public static MetricDefinition ThroughputTokens { get; } = new("throughput_tok_s", "tokens/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    /// <summary>Requests per second that met their TTFT and TPOT limits (DistServe's goodput).</summary>
    public static MetricDefinition Goodput { get; } = new("goodput_req_s", "req/s", MetricDirection.HigherIsBetter, MetricKind.Rate);

    public static MetricDefinition SloAttainment { get; } = new("slo_attainment", "1", MetricDirection.HigherIsBetter, MetricKind.Ratio);

    public static MetricDefinition Preemptions { get; } = new("preemptions", "count", MetricDirection.LowerIsBetter, MetricKind.Count);

    /// <summary>
    /// What the gate judges when no metric is named, each on the results that carry it: a kernel's or layer's time per
    /// invocation, and a serving scenario's median TTFT and TPOT — per-request samples, so their noise is tested as
    /// time's samples are (a single-valued throughput could only be held to a fixed bar).
    /// </summary>
    public static IReadOnlyList<MetricDefinition> Gated { get; } = [TimePerInvocation, TtftP50, TpotP50];

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        TimePerInvocation, Gflops, Gbps, TokensPerSecond, PctOfPeak, RelativeError,
        TtftP50, TtftP90, TtftP99, TpotP50, TpotP90, TpotP99, ItlP50, ItlP90, ItlP99, E2eP50, E2eP90, E2eP99,
        ThroughputTokens, RequestThroughput, Goodput, SloAttainment, Preemptions, KvCachePeakUse, PrefixHitRate,
    ];

    private static MetricDefinition Latency(string id) => new(id, "ms", MetricDirection.LowerIsBetter, MetricKind.LatencyPercentile);
}
