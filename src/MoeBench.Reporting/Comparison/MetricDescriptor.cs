using MoeBench.Core.Results;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// What is compared, and which way is worse. As in BenchmarkDotNet's <c>Metric</c> and dotnet/performance's
/// <c>Counter</c>, the metric carries its own direction, so the gate never guesses it from a name (STYLE 5).
/// </summary>
/// <param name="Id">Stable name written to reports, e.g. <c>time</c>.</param>
/// <param name="Unit">Unit of <paramref name="Values"/>, e.g. <c>ns</c>.</param>
/// <param name="HigherIsBetter">False for times, true for throughputs.</param>
/// <param name="Values">Per-sample values of a result (empty when it has none).</param>
public sealed record MetricDescriptor(string Id, string Unit, bool HigherIsBetter, Func<CaseResult, IReadOnlyList<double>> Values)
{
    /// <summary>Time per invocation, the raw samples themselves: lower is better.</summary>
    public static MetricDescriptor Time { get; } = new("time", "ns", false, r => r.SamplesNs);

    /// <summary>Achieved GFLOP/s per sample (the op's FLOPs over each sample's time): higher is better.</summary>
    public static MetricDescriptor Gflops { get; } = new("gflops", "GFLOP/s", true, r => r.Cost.Flops > 0
        ? [.. r.SamplesNs.Select(ns => r.Cost.Flops / ns)]
        : []);

    /// <summary>+1 when a larger value is worse, −1 when a smaller one is: multiplies a log-ratio into "worse is positive".</summary>
    public int WorseSign => HigherIsBetter ? -1 : 1;
}
