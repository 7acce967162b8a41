namespace MoeBench.Storage;

/// <summary>
/// One point of a case's history on one device: a complete run's measurement of it, with the run's commit and
/// start time so a chart or a change-point detector can label the point.
/// </summary>
/// <param name="Value">The run's value of the metric asked for, in its unit (time per invocation: the median, ns).</param>
/// <param name="Samples">The metric's raw samples, empty when the result was stored without them.</param>
public sealed record HistoryEntry(
    long RunId,
    string GitCommit,
    string GitBranch,
    DateTimeOffset StartedUtc,
    double Value,
    IReadOnlyList<double> Samples);
