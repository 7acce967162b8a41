using MoeBench.Core.Results;

namespace MoeBench.Serving.Metrics;

/// <summary>
/// What a serving run measured over its measured requests (warm-up excluded): the summary metrics and the numbers
/// its validity rules read.
/// </summary>
/// <param name="Measured">Requests that count: not warm-up.</param>
/// <param name="Finished">Measured requests that finished.</param>
/// <param name="WindowSeconds">From the first measured arrival to the last measured finish: the span rates are over.</param>
/// <param name="ArrivalSpanSeconds">From the first to the last measured arrival.</param>
public sealed record ServingSummary(
    IReadOnlyList<MetricValue> Metrics,
    int Measured,
    int Finished,
    double WindowSeconds,
    double ArrivalSpanSeconds);
