namespace MoeBench.Core.Results;

/// <summary>
/// The metrics a timed result carries in its own members, as metric values: time per invocation (the samples, their
/// median and its interval) and the throughputs and error derived from it. Kept as a view so the members callers
/// read today (<see cref="CaseResult.SamplesNs"/>, <see cref="CaseResult.Statistics"/>, <see cref="CaseResult.Metrics"/>)
/// stay the single source of those numbers.
/// </summary>
public static class ResultMetrics
{
    /// <summary>
    /// The definition (unit, direction) of metric <paramref name="id"/> as the first of <paramref name="results"/> that
    /// carries it stored it; null where none does.
    /// </summary>
    public static MetricDefinition? DefinitionIn(IEnumerable<CaseResult> results, string id) =>
        results.Select(r => r.Metric(id)?.Definition).FirstOrDefault(d => d is not null);

    /// <summary>The evaluator name of today's timing loop, the default of every result.</summary>
    public const string MeasuredEvaluator = "measured";

    public static IEnumerable<MetricValue> Derived(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Statistics is { } stats)
        {
            yield return new MetricValue(
                WellKnownMetrics.TimePerInvocation, stats.MedianNs, new MetricInterval(stats.CiLowerNs, stats.CiUpperNs), result.SamplesNs);
        }

        if (result.Metrics is { } metrics)
        {
            yield return MetricValue.Of(WellKnownMetrics.Gflops, metrics.Gflops);
            yield return MetricValue.Of(WellKnownMetrics.Gbps, metrics.Gbps);
            if (metrics.TokensPerSecond is { } tokens)
            {
                yield return MetricValue.Of(WellKnownMetrics.TokensPerSecond, tokens);
            }

            // NaN on a device without roofs: no share of a peak that is not known.
            if (!double.IsNaN(metrics.PctOfPeak))
            {
                yield return MetricValue.Of(WellKnownMetrics.PctOfPeak, metrics.PctOfPeak);
            }
        }

        if (result.RelativeError is { } error && !double.IsNaN(error))
        {
            yield return MetricValue.Of(WellKnownMetrics.RelativeError, error);
        }
    }
}
