using MoeBench.Core.Results;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case on a device identity: results compare only when both match (DESIGN §4.6).</summary>
public readonly record struct CaseKey(string CaseId, string DeviceKey);

/// <summary>
/// One case of one side: the newest result (for its label and device) and the metric values pooled over the
/// selection's runs. Pooling is the union of samples (<c>last:N</c>). The case counts as failed when the newest
/// run that measured it failed it (a fixed failure is fixed; a new one must not hide behind older samples) or no
/// run measured it validly.
/// </summary>
internal sealed record PooledCase(CaseKey Key, CaseResult Newest, bool Failed, string? FailureReason, double[] Values, int Runs)
{
    /// <summary>Pools a selection's results by case key, in the order keys first appear (newest run first).</summary>
    public static IReadOnlyList<PooledCase> Pool(SelectionResults side, MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(side);
        var runOrder = side.Selection.Runs.Select((run, index) => (run.Id, index)).ToDictionary(p => p.Id, p => p.index);
        return
        [
            .. side.Results
                .OrderBy(r => runOrder.GetValueOrDefault(r.RunId, int.MaxValue))
                .ThenByDescending(r => r.Id)
                .GroupBy(r => new CaseKey(r.Result.Case.Id, r.Result.Device.IdentityKey))
                .Select(group =>
                {
                    var newest = group.First().Result;
                    var valid = group.Where(r => r.Result.Status == ResultStatus.Ok).ToList();
                    var failed = newest.Status == ResultStatus.Failed || valid.Count == 0;
                    var values = failed ? [] : valid.SelectMany(r => metric.Values(r.Result)).Where(double.IsFinite).Where(v => v > 0).ToArray();
                    var runs = failed ? 0 : valid.Select(r => r.RunId).Distinct().Count();
                    return new PooledCase(group.Key, newest, failed, failed ? newest.FailureReason ?? "failed" : null, values, runs);
                }),
        ];
    }
}
