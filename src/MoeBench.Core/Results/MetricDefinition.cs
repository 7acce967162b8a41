namespace MoeBench.Core.Results;

/// <summary>Which way a metric improves; the gate reads a regression from this, never from the metric's name (STYLE 5).</summary>
public enum MetricDirection
{
    LowerIsBetter,
    HigherIsBetter,
}

/// <summary>What a metric's value is, so a reader knows how to draw and summarise it.</summary>
public enum MetricKind
{
    /// <summary>Time of one invocation of a kernel or layer, with raw samples.</summary>
    TimePerInvocation,

    /// <summary>A percentile of a latency distribution (e.g. TTFT p99).</summary>
    LatencyPercentile,

    /// <summary>Work per unit of time (GFLOP/s, tokens/s, requests/s).</summary>
    Rate,

    /// <summary>A dimensionless share or error (% of peak, relative error, SLO attainment).</summary>
    Ratio,

    /// <summary>A number of events (preemptions).</summary>
    Count,
}

/// <summary>
/// A metric that describes itself, as BenchmarkDotNet's <c>Metric</c> and dotnet/performance's <c>Counter</c> do:
/// a stable id (a database key: changing what it measures means a new id), its unit, its direction and its kind.
/// </summary>
public sealed record MetricDefinition(string Id, string Unit, MetricDirection Direction, MetricKind Kind)
{
    public bool HigherIsBetter => Direction == MetricDirection.HigherIsBetter;
}

/// <summary>The stored and printed names of <see cref="MetricDirection"/> and <see cref="MetricKind"/>.</summary>
public static class MetricNames
{
    public static string ToName(this MetricDirection direction) => direction switch
    {
        MetricDirection.LowerIsBetter => "lower",
        MetricDirection.HigherIsBetter => "higher",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public static string ToName(this MetricKind kind) => kind switch
    {
        MetricKind.TimePerInvocation => "time_per_invocation",
        MetricKind.LatencyPercentile => "latency_percentile",
        MetricKind.Rate => "rate",
        MetricKind.Ratio => "ratio",
        MetricKind.Count => "count",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static MetricDirection ParseDirection(string name) => name switch
    {
        "lower" => MetricDirection.LowerIsBetter,
        "higher" => MetricDirection.HigherIsBetter,
        _ => throw new FormatException($"unknown metric direction '{name}'"),
    };

    public static MetricKind ParseKind(string name) => name switch
    {
        "time_per_invocation" => MetricKind.TimePerInvocation,
        "latency_percentile" => MetricKind.LatencyPercentile,
        "rate" => MetricKind.Rate,
        "ratio" => MetricKind.Ratio,
        "count" => MetricKind.Count,
        _ => throw new FormatException($"unknown metric kind '{name}'"),
    };
}
