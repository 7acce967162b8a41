namespace MoeBench.Core.Results;

/// <summary>A confidence interval of a metric's value (95% where the producer does not say otherwise).</summary>
public readonly record struct MetricInterval(double Lower, double Upper);

/// <summary>
/// One metric of one result: its value, its interval where it has one, and its raw samples where it has them (a
/// modeled prediction or a serving percentile has none; a timed kernel keeps every sample).
/// </summary>
public sealed record MetricValue(MetricDefinition Definition, double Value, MetricInterval? Interval, IReadOnlyList<double> Samples)
{
    public string Id => Definition.Id;

    /// <summary>A single value without interval or samples.</summary>
    public static MetricValue Of(MetricDefinition definition, double value) => new(definition, value, null, []);
}
