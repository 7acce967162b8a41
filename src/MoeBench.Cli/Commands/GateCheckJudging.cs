using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.GateCheck;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Judges every pair of a measured gate check exactly as <c>gate</c> judges a pair — the same
/// <see cref="PairComparison.Between"/> path, the candidate suite's thresholds and the flags. A pair measured apart is
/// judged twice: with the history a nightly gate would have had (the reference runs up to the baseline, up to the gate's
/// window), and with none (a fresh store's <c>gate</c> on two runs). A pair measured in turns is judged as <c>gate</c>
/// judges two such runs on a fresh store: round by round.
/// </summary>
internal static class GateCheckJudging
{
    /// <param name="runIds">The stored run of each planned run, by <see cref="PlannedRun.Index"/>.</param>
    /// <returns>The judged pairs, or null when the flags are bad (the reason is printed).</returns>
    public static IReadOnlyList<JudgedPair>? Judge(IResultStore store, GateCheckPlan plan, IReadOnlyList<long> runIds, ThresholdFlags flags)
    {
        var selections = new Dictionary<long, RunSelection>();
        var loaded = new Dictionary<long, SelectionResults>();
        RunSelection Selection(PlannedRun run)
        {
            var id = runIds[run.Index];
            if (!selections.TryGetValue(id, out var selection))
            {
                selections[id] = selection = new RunSelection([store.GetRun(id)!], id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return selection;
        }

        SelectionResults Loaded(PlannedRun run)
        {
            var id = runIds[run.Index];
            if (!loaded.TryGetValue(id, out var results))
            {
                loaded[id] = results = SelectionResults.Load(store, Selection(run));
            }

            return results;
        }

        var judged = new List<JudgedPair>();
        foreach (var pair in plan.Pairs.Where(p => p.Candidate.Index < runIds.Count))
        {
            var regimes = pair.InTurns
                ? [(GateRegime.InTurns, NoHistory.Instance)]
                : new (GateRegime Regime, IHistoryProvider History)[]
                {
                    (GateRegime.History, new RunSetHistory([.. plan.HistoryFor(pair).Select(Loaded)])),
                    (GateRegime.TwoRuns, NoHistory.Instance),
                };
            foreach (var (regime, history) in regimes)
            {
                var comparison = PairComparison.Between(store, Selection(pair.Baseline), Selection(pair.Candidate), flags, history, out _);
                if (comparison is null)
                {
                    return null;
                }

                judged.Add(new JudgedPair(pair, regime, runIds[pair.Baseline.Index], runIds[pair.Candidate.Index], GateResult.From(comparison.Report)));
            }
        }

        return judged;
    }
}
