using MoeBench.Reporting.History;
using MoeBench.Storage;

namespace MoeBench.Reporting.Comparison;

/// <summary>A case that drifts over the gate's history window: a creep no single comparison would call a regression.</summary>
public sealed record CaseDrift(string CaseLabel, string DeviceId, DriftFinding Finding);

/// <summary>
/// Drifts in the same history the gate learns noise from (its window of runs, candidate left out): the per-pair
/// verdict sees only the last step, so a slow creep of +0.5% a night is shown here, with its rate and span.
/// </summary>
public static class HistoryDrifts
{
    public static IReadOnlyList<CaseDrift> Find(
        IReadOnlyDictionary<CaseKey, IReadOnlyList<HistoryEntry>> history, IReadOnlyDictionary<CaseKey, (string Label, string DeviceId)> names)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(names);
        return
        [
            .. history.SelectMany(h => HistoryAnalyzer.Analyze(HistoryPoint.From(h.Value)).Drifts
                    .Select(d => new CaseDrift(names[h.Key].Label, names[h.Key].DeviceId, d)))
                .OrderByDescending(d => Math.Abs(d.Finding.Drift.RelativeRatePerPoint ?? 0))
                .ThenBy(d => d.CaseLabel, StringComparer.Ordinal),
        ];
    }
}
