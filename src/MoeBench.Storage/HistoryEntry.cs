namespace MoeBench.Storage;

/// <summary>
/// One point of a case's history on one device: a complete run's measurement of it, with the run's commit and
/// start time so a chart or a change-point detector can label the point.
/// </summary>
/// <param name="MedianNs">The stored median of the run's samples (per invocation, ns).</param>
/// <param name="SamplesNs">The raw samples, empty when the result was stored without them.</param>
public sealed record HistoryEntry(
    long RunId,
    string GitCommit,
    string GitBranch,
    DateTimeOffset StartedUtc,
    double MedianNs,
    IReadOnlyList<double> SamplesNs);
