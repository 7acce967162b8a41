using System.Diagnostics.CodeAnalysis;
using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Reporting.Selection;

/// <summary>The runs a selector resolved to (newest first) and the selector text, for reports.</summary>
public sealed record RunSelection(IReadOnlyList<RunRecord> Runs, string Text)
{
    public IReadOnlyList<long> RunIds => [.. Runs.Select(r => r.Id)];

    /// <summary>Parses and resolves a selector against a store; errors are values with their exit code.</summary>
    public static bool TryResolve(
        IResultStore store,
        string? text,
        [NotNullWhen(true)] out RunSelection? selection,
        [NotNullWhen(false)] out SelectorError? error)
    {
        ArgumentNullException.ThrowIfNull(store);
        selection = null;
        if (!RunSelectorParser.TryParse(text, out var selector, out error))
        {
            return false;
        }

        var runs = selector.Find(store);
        var newest = store.LatestRun();
        if (runs.Count == 0)
        {
            var hint = newest is null ? "the store holds no run" : $"the newest run, {newest.Id}, is {newest.Status.ToName()} (--run {newest.Id} selects it)";
            error = new SelectorError(SelectorErrorKind.NoMatch, $"run selector '{selector.Text}' matches no run (looked for {selector.Describe()}; {hint})");
            return false;
        }

        selection = new RunSelection(runs, selector.Text)
        {
            Note = !selector.NamesFixedRuns && newest is not null && newest.Id > runs.Max(r => r.Id) && newest.Status != RunStatus.Complete
                ? $"'{selector.Text}' is run {runs.Max(r => r.Id)}, the newest complete one; run {newest.Id} is newer but {newest.Status.ToName()} (--run {newest.Id} selects it)"
                : null,
        };
        return true;
    }

    /// <summary>
    /// Said beside the selection where it passed over a newer run that is not complete, so every command that names
    /// runs tells the same story about which run <c>latest</c> is.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>
    /// Resolves a baseline for a resolved candidate: never a run the candidate holds (see <see cref="BaselineScope"/>).
    /// A baseline that names only the candidate's runs (its run id, its commit) is a run compared with itself: bad input,
    /// not a missing baseline.
    /// </summary>
    public static bool TryResolveBaseline(
        IResultStore store,
        string? text,
        RunSelection candidate,
        [NotNullWhen(true)] out RunSelection? selection,
        [NotNullWhen(false)] out SelectorError? error)
    {
        ArgumentNullException.ThrowIfNull(store);
        selection = null;
        if (!RunSelectorParser.TryParse(text, out var selector, out error))
        {
            return false;
        }

        var scope = new BaselineScope(candidate);
        var runs = selector.FindBaseline(store, scope);
        if (runs.Count > 0)
        {
            selection = new RunSelection(runs, selector.Text);
            return true;
        }

        // A form that means "the runs before the candidate" (latest, branch:, last:) finding none is a first run with
        // nothing before it yet — a nightly's first night — which is no baseline (exit 3), not bad input.
        var alone = selector.NamesFixedRuns ? selector.Find(store) : [];
        error = alone.Count > 0 && alone.All(r => scope.Holds(r.Id))
            ? new SelectorError(
                SelectorErrorKind.SelfComparison,
                $"baseline '{selector.Text}' selects {RunList.Describe(RunIdsOf(alone))}, which the candidate {scope.Description} holds: "
                + $"a run compared with itself shows nothing (looked for {selector.DescribeBaseline()})")
            : new SelectorError(
                SelectorErrorKind.NoMatch,
                $"run selector '{selector.Text}' matches no baseline for the candidate {scope.Description} (looked for {selector.DescribeBaseline()})");
        return false;
    }

    private static long[] RunIdsOf(IEnumerable<RunRecord> runs) => [.. runs.Select(r => r.Id)];
}

/// <summary>A selection with the stored results of all its runs, as the comparison engine takes it.</summary>
public sealed record SelectionResults(RunSelection Selection, IReadOnlyList<StoredResult> Results)
{
    public static SelectionResults Load(IResultStore store, RunSelection selection)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(selection);
        return new SelectionResults(selection, [.. selection.Runs.SelectMany(run => store.GetResults(run.Id))]);
    }
}
