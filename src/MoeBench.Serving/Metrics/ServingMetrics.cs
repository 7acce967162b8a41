using MoeBench.Core.Results;

namespace MoeBench.Serving.Metrics;

/// <summary>
/// A serving run's metrics from its per-request and per-step records, never from how the engine scheduled. Latency
/// percentiles per <see cref="RequestLatencies"/>; the p50 of TTFT, TPOT, ITL and E2E keeps every per-request value
/// as its samples (the distributions the report draws). Rates are over the measured window, first measured arrival to
/// last measured finish. Goodput counts requests that met every SLO per second (DistServe, OSDI 2024; vLLM
/// <c>--goodput</c>); SLO attainment is their share of all measured requests, unfinished ones counting as misses.
/// </summary>
public static class ServingMetrics
{
    public static ServingSummary Compute(ServingOutcome outcome, SloLimits slo)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(slo);
        var measured = outcome.Requests.Where(r => !r.Warmup).ToList();
        var finished = measured.Select(r => (Record: r, Latencies: RequestLatencies.Of(r))).Where(p => p.Latencies is not null).ToList();
        var latencies = finished.Select(p => p.Latencies!).ToList();
        var firstArrival = measured.Count == 0 ? 0 : measured.Min(r => r.ArrivalSeconds);
        var lastArrival = measured.Count == 0 ? 0 : measured.Max(r => r.ArrivalSeconds);
        var window = finished.Count == 0 ? 0 : finished.Max(p => p.Record.FinishSeconds!.Value) - firstArrival;
        var metrics = new List<MetricValue>();
        AddLatency(metrics, [.. latencies.Select(l => l.Ttft)], WellKnownMetrics.TtftP50, WellKnownMetrics.TtftP90, WellKnownMetrics.TtftP99);
        AddLatency(metrics, [.. latencies.Where(l => l.Tpot is not null).Select(l => l.Tpot!.Value)], WellKnownMetrics.TpotP50, WellKnownMetrics.TpotP90, WellKnownMetrics.TpotP99);
        AddLatency(metrics, [.. latencies.SelectMany(l => l.Itl)], WellKnownMetrics.ItlP50, WellKnownMetrics.ItlP90, WellKnownMetrics.ItlP99);
        AddLatency(metrics, [.. latencies.Select(l => l.E2e)], WellKnownMetrics.E2eP50, WellKnownMetrics.E2eP90, WellKnownMetrics.E2eP99);
        if (window > 0)
        {
            var good = latencies.Count(l => l.Meets(slo));
            metrics.Add(MetricValue.Of(WellKnownMetrics.ThroughputTokens, finished.Sum(p => p.Record.TokenSeconds.Count) / window));
            metrics.Add(MetricValue.Of(WellKnownMetrics.RequestThroughput, finished.Count / window));
            metrics.Add(MetricValue.Of(WellKnownMetrics.Goodput, good / window));
            metrics.Add(MetricValue.Of(WellKnownMetrics.SloAttainment, (double)good / measured.Count));
        }

        metrics.Add(MetricValue.Of(WellKnownMetrics.Preemptions, outcome.Preemptions));
        if (outcome.KvBlocksTotal > 0 && outcome.Steps.Count > 0)
        {
            metrics.Add(MetricValue.Of(WellKnownMetrics.KvCachePeakUse, (double)outcome.Steps.Max(s => s.KvBlocksUsed) / outcome.KvBlocksTotal));
        }

        if (outcome.PrefixTokensLookedUp > 0)
        {
            metrics.Add(MetricValue.Of(WellKnownMetrics.PrefixHitRate, (double)outcome.PrefixTokensHit / outcome.PrefixTokensLookedUp));
        }

        return new ServingSummary(metrics, measured.Count, finished.Count, window, lastArrival - firstArrival);
    }

    /// <summary>p50 (with every value as its samples), p90 and p99 in milliseconds; nothing where no request has the latency.</summary>
    private static void AddLatency(List<MetricValue> metrics, double[] seconds, MetricDefinition p50, MetricDefinition p90, MetricDefinition p99)
    {
        if (seconds.Length == 0)
        {
            return;
        }

        var ms = seconds.Select(s => s * 1000).ToArray();
        metrics.Add(new MetricValue(p50, Percentile.Of(ms, 50), null, ms));
        metrics.Add(MetricValue.Of(p90, Percentile.Of(ms, 90)));
        metrics.Add(MetricValue.Of(p99, Percentile.Of(ms, 99)));
    }
}
