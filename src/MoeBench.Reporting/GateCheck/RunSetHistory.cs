using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Reporting.GateCheck;

/// <summary>
/// History drawn from a given set of runs instead of the whole store, point for point as the store's case-history
/// query gives it (complete runs, ok results, each run's last ok result of the case, oldest first): a gate check's
/// pair is judged with the history a nightly gate would have had at that point — the reference runs before it —
/// while its runs stay out of the store's own history.
/// </summary>
public sealed class RunSetHistory(IReadOnlyList<SelectionResults> runs) : IHistoryProvider
{
    public IReadOnlyList<HistoryEntry> CaseHistory(string caseId, string deviceKey, string metricId, int limit)
    {
        var points = new List<HistoryEntry>();
        foreach (var side in runs.OrderBy(r => r.Selection.Runs[0].Context.StartedUtc).ThenBy(r => r.Selection.Runs[0].Id))
        {
            var run = side.Selection.Runs[0];
            var last = side.Results
                .Where(r => r.Result.Case.Id == caseId && r.Result.Device.IdentityKey == deviceKey && r.Result.Status == ResultStatus.Ok)
                .MaxBy(r => r.Id);
            if (run.Status == RunStatus.Complete && last?.Result.Metric(metricId) is { } metric && double.IsFinite(metric.Value))
            {
                points.Add(new HistoryEntry(run.Id, run.Context.GitCommit, run.Context.GitBranch, run.Context.StartedUtc, metric.Value, metric.Samples));
            }
        }

        return [.. points.TakeLast(limit)];
    }
}
