namespace MoeBench.Reporting.History;

/// <summary>
/// A case's history analysed: <see cref="SeriesAnalyzer"/> on the run medians, its findings named by run and commit.
/// </summary>
public sealed record HistoryFindings(IReadOnlyList<ChangePoint> ChangePoints, IReadOnlyList<DriftFinding> Drifts, SeriesAnalysis Analysis)
{
    public static HistoryFindings None { get; } = new([], [], SeriesAnalysis.Empty);
}

/// <summary>Finds the steps and drifts in a case's history (one value per run, oldest first).</summary>
public static class HistoryAnalyzer
{
    public static HistoryFindings Analyze(IReadOnlyList<HistoryPoint> series, HistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var analysis = SeriesAnalyzer.Analyze([.. series.Select(p => p.Median)], options);
        return new HistoryFindings(
            [.. analysis.Steps.Select(s => new ChangePoint(s.Index, series[s.Index].RunId, series[s.Index].Commit, s.Before, s.After, s.Confidence))],
            [.. analysis.Drifts.Select(d => new DriftFinding(d, series[d.Start].RunId, series[d.End].RunId))],
            analysis);
    }
}
