using MoeBench.Storage;

namespace MoeBench.Reporting.History;

/// <summary>One run's median of a case, in time order within a series.</summary>
public sealed record HistoryPoint(long RunId, string Commit, DateTimeOffset StartedUtc, double Median)
{
    public static IReadOnlyList<HistoryPoint> From(IEnumerable<HistoryEntry> entries) =>
        [.. entries.Select(e => new HistoryPoint(e.RunId, e.GitCommit, e.StartedUtc, e.Value))];
}

/// <summary>
/// A change in a series: the first point of the new segment, and what changed.
/// </summary>
/// <param name="Index">Index (in the analysed series) of the first point after the change.</param>
/// <param name="MedianBefore">Median of the segment ending just before <paramref name="Index"/>.</param>
/// <param name="MedianAfter">Median of the segment starting at <paramref name="Index"/>.</param>
/// <param name="PValue">Welch t-test p of the two adjacent segments' log medians.</param>
public sealed record ChangePoint(int Index, long RunId, string Commit, double MedianBefore, double MedianAfter, double PValue)
{
    /// <summary>After/before: above 1 is slower for a time series.</summary>
    public double Ratio => MedianAfter / MedianBefore;
}
