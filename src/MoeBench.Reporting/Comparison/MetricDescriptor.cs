using MoeBench.Core.Results;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// What is compared, and which way is worse: a metric's definition (its id, unit and direction, as in
/// BenchmarkDotNet's <c>Metric</c> and dotnet/performance's <c>Counter</c>, so the gate never guesses the direction
/// from a name — STYLE 5) and how a result's values of it are read.
/// </summary>
/// <param name="Values">Per-sample values of a result (empty when it has none).</param>
public sealed record MetricDescriptor(MetricDefinition Definition, Func<CaseResult, IReadOnlyList<double>> Values)
{
    /// <summary>Time per invocation, the raw samples themselves: lower is better.</summary>
    public static MetricDescriptor Time { get; } = For(WellKnownMetrics.TimePerInvocation);

    /// <summary>
    /// Achieved GFLOP/s per sample (the op's FLOPs over each sample's time): higher is better. Per sample, where the
    /// stored gflops metric holds only the median's, so that its samples can be tested as time's are.
    /// </summary>
    public static MetricDescriptor Gflops { get; } = new(WellKnownMetrics.Gflops, r => r.Cost.Flops > 0
        ? [.. r.SamplesNs.Select(ns => r.Cost.Flops / ns)]
        : []);

    public string Id => Definition.Id;

    public string Unit => Definition.Unit;

    public bool HigherIsBetter => Definition.HigherIsBetter;

    /// <summary>+1 when a larger value is worse, −1 when a smaller one is: multiplies a log-ratio into "worse is positive".</summary>
    public int WorseSign => HigherIsBetter ? -1 : 1;

    /// <summary>
    /// Any metric a result carries, read by its id: its raw samples where it has them, else its one value (a serving
    /// percentile or a modeled prediction; pooled over <c>last:N</c> runs those become samples of their own).
    /// </summary>
    public static MetricDescriptor For(MetricDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition, r => r.Metric(definition.Id) switch
        {
            { Samples.Count: > 0 } m => m.Samples,
            { } m => [m.Value],
            null => [],
        });
    }
}
