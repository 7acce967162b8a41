using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.History;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>One case's history on one device identity, with the steps and drifts found in it.</summary>
public sealed record CaseHistory(
    string CaseId, string CaseLabel, string DeviceId, MetricDefinition Metric, IReadOnlyList<HistoryEntry> Entries, HistoryFindings Findings)
{
    public IReadOnlyList<ChangePoint> ChangePoints => Findings.ChangePoints;

    public IReadOnlyList<DriftFinding> Drifts => Findings.Drifts;

    public HistoryChartSeries ToChart() => new(
        CaseLabel, DeviceId, [.. Entries.Select(e => new HistoryChartPoint(e.RunId, e.GitCommit, e.Value))], [.. ChangePoints.Select(c => c.Index)], Metric)
    {
        Drifts = [.. Drifts.Select(d => new HistoryChartDrift(d.Drift.Start, d.Drift.End, DriftText.Rate(d.Drift, Metric)))],
    };
}

/// <summary>Loads histories of one metric for the ok results of a run that have it, and finds their change points.</summary>
public static class CaseHistories
{
    public static IReadOnlyList<CaseHistory> For(IResultStore store, IEnumerable<CaseResult> results, int limit, MetricDefinition metric) =>
    [
        .. results
            .Where(r => r.Status == ResultStatus.Ok && r.Metric(metric.Id) is not null)
            .DistinctBy(r => (r.Case.Id, r.Device.IdentityKey))
            .Select(r =>
            {
                var entries = store.CaseHistory(r.Case.Id, r.Device.IdentityKey, metric.Id, limit);
                var changes = HistoryAnalyzer.Analyze(HistoryPoint.From(entries));
                return new CaseHistory(r.Case.Id, r.Case.Label, r.Device.Id, metric, entries, changes);
            }),
    ];
}
