using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Reporting.Selection;

/// <summary>
/// Where a baseline may look: never at a run the candidate holds and, for the "newest" forms, only at runs started
/// before the candidate's first run. Without this, <c>--baseline branch:main --candidate latest</c> right after a
/// run of main selected that same run on both sides and the nightly gate could not fail.
/// </summary>
public sealed class BaselineScope
{
    private readonly HashSet<long> _held;
    private readonly RunRecord _first;

    public BaselineScope(RunSelection candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Candidate = candidate;
        _held = [.. candidate.RunIds];
        _first = candidate.Runs.MinBy(r => (r.Context.StartedUtc, r.Id))!;
    }

    public RunSelection Candidate { get; }

    /// <summary>The candidate's runs as a reader names them, e.g. "'latest' (run 12)".</summary>
    public string Description => $"'{Candidate.Text}' ({RunList.Describe(Candidate.RunIds)})";

    public bool Holds(long runId) => _held.Contains(runId);

    /// <summary>
    /// The <paramref name="count"/> newest complete runs (on <paramref name="branch"/> when given) started before the
    /// candidate's first run, newest first; ties in start time go by id, as the store orders them.
    /// </summary>
    public IReadOnlyList<RunRecord> NewestBefore(IResultStore store, string? branch, int count)
    {
        ArgumentNullException.ThrowIfNull(store);

        // The store filters by branch and status, not by time: runs newer than the candidate come first, so read
        // growing pages until enough earlier runs are found or the store has no more.
        for (var limit = count + _held.Count; ; limit *= 2)
        {
            var runs = store.FindRuns(branch, null, RunStatus.Complete, limit);
            var before = runs.Where(IsBefore).Take(count).ToList();
            if (before.Count == count || runs.Count < limit)
            {
                return before;
            }
        }
    }

    private bool IsBefore(RunRecord run) =>
        run.Context.StartedUtc < _first.Context.StartedUtc || (run.Context.StartedUtc == _first.Context.StartedUtc && run.Id < _first.Id);
}
