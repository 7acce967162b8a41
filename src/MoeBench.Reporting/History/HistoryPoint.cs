using MoeBench.Storage;

namespace MoeBench.Reporting.History;

/// <summary>One run's median of a case, in time order within a series.</summary>
public sealed record HistoryPoint(long RunId, string Commit, DateTimeOffset StartedUtc, double Median)
{
    public static IReadOnlyList<HistoryPoint> From(IEnumerable<HistoryEntry> entries) =>
        [.. entries.Select(e => new HistoryPoint(e.RunId, e.GitCommit, e.StartedUtc, e.Value))];
}

/// <summary>
/// A step in a case's history: the first run of the new segment, and what changed.
/// </summary>
/// <param name="Index">Index (in the analysed series) of the first point after the change.</param>
/// <param name="MedianBefore">The old segment's fitted level just before the change.</param>
/// <param name="MedianAfter">The new segment's fitted level just after it.</param>
/// <param name="Confidence">The step in units of the series' long-run noise σ (<see cref="LevelStep.Confidence"/>).</param>
public sealed record ChangePoint(int Index, long RunId, string Commit, double MedianBefore, double MedianAfter, double Confidence)
{
    /// <summary>After/before: above 1 is slower for a time series.</summary>
    public double Ratio => MedianAfter / MedianBefore;
}

/// <summary>A drift in a case's history, from the run where it starts to the run where it ends.</summary>
public sealed record DriftFinding(Drift Drift, long FirstRunId, long LastRunId);
