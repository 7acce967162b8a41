using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison.Stats;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case on a device identity: results compare only when both match (DESIGN §4.6).</summary>
public readonly record struct CaseKey(string CaseId, string DeviceKey);

/// <summary>
/// One case of one side: the newest result (for its label and device) and the metric values pooled over the
/// selection's runs. Pooling is the union of samples (<c>last:N</c>). The case counts as failed when the newest
/// run that measured it failed it (a fixed failure is fixed; a new one must not hide behind older samples) or no
/// run measured it validly. <see cref="RoundMedians"/> holds the log median of every round of every pooled run
/// (see <see cref="RoundNoise"/>).
/// </summary>
internal sealed record PooledCase(
    CaseKey Key, CaseResult Newest, bool Failed, string? FailureReason, double[] Values, int Runs, IReadOnlyList<double> RoundMedians)
{
    /// <summary>Pools a selection's results by case key, in the order keys first appear (newest run first).</summary>
    public static IReadOnlyList<PooledCase> Pool(SelectionResults side, MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(side);
        var runOrder = side.Selection.Runs.Select((run, index) => (run.Id, index)).ToDictionary(p => p.Id, p => p.index);
        return
        [
            // An INVALID serving run (LoadGen: it missed a minimum or fell behind its schedule) is no measurement of
            // its case: it is left out, so a case invalid on both sides is not compared and one invalid on one side
            // reads as new or missing, never as a failed validation or a regression.
            .. side.Results
                .Where(r => r.Result.Status != ResultStatus.Invalid)
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
                    IReadOnlyList<double> rounds = failed ? [] : [.. valid.SelectMany(r => LogRoundMediansByRound(r.Result, metric)).Where(double.IsFinite)];
                    return new PooledCase(group.Key, newest, failed, failed ? newest.FailureReason ?? "failed" : null, values, runs, rounds);
                }),
        ];
    }

    /// <summary>
    /// The log median of each round of one result, in round order, NaN for a round with fewer than two valid values;
    /// empty when the result has fewer than two rounds. The metric maps samples one to one, so its values split where
    /// the samples do.
    /// </summary>
    public static IReadOnlyList<double> LogRoundMediansByRound(CaseResult result, MetricDescriptor metric)
    {
        var values = metric.Values(result);
        var rounds = result.SamplesByRound();
        if (rounds.Count < 2 || values.Count != result.SamplesNs.Count)
        {
            return [];
        }

        var medians = new double[rounds.Count];
        var start = 0;
        for (var r = 0; r < rounds.Count; r++)
        {
            var valid = values.Skip(start).Take(rounds[r].Count).Where(double.IsFinite).Where(v => v > 0).ToArray();
            start += rounds[r].Count;
            medians[r] = valid.Length >= 2 ? Math.Log(RobustEstimators.Median(valid)) : double.NaN;
        }

        return medians;
    }
}
