using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Reporting.Selection;

/// <summary>
/// A parsed run selector. Each form finds its own runs (a new form is a new record, not a new switch branch);
/// every form except an explicit id considers complete runs only, since an interrupted or failed run is not a
/// whole measurement of its commit. As a baseline a form never selects a run the candidate holds.
/// </summary>
/// <param name="Text">The selector as the user wrote it, kept for reports.</param>
public abstract record RunSelector(string Text)
{
    /// <summary>The matching runs, newest first; empty when none match.</summary>
    public abstract IReadOnlyList<RunRecord> Find(IResultStore store);

    /// <summary>The matching runs as a baseline for the scope's candidate, newest first; none the candidate holds.</summary>
    public abstract IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope);

    /// <summary>What "no match" means for this form, for the error message.</summary>
    public abstract string Describe();

    /// <summary>What "no match" means for this form as a baseline.</summary>
    public virtual string DescribeBaseline() => Describe();

    /// <summary>
    /// Whether the form names fixed runs (an id, a commit) rather than "the runs before the candidate": a baseline that
    /// names only the candidate's runs is then a run compared with itself, not a first run with nothing before it.
    /// </summary>
    public virtual bool NamesFixedRuns => false;
}

/// <summary><c>ID</c>: exactly that run, whatever its status (the user named it).</summary>
public sealed record RunIdSelector(long RunId, string Text) : RunSelector(Text)
{
    public override bool NamesFixedRuns => true;

    public override IReadOnlyList<RunRecord> Find(IResultStore store) =>
        store.GetRun(RunId) is { } run ? [run] : [];

    /// <summary>The named run even when it is newer than the candidate: an explicit pair may run backwards.</summary>
    public override IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope) =>
        [.. Find(store).Where(r => !scope.Holds(r.Id))];

    public override string Describe() => $"run {RunId}";
}

/// <summary><c>latest</c>: the newest complete run; as a baseline, the newest before the candidate.</summary>
public sealed record LatestSelector(string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(null, null, RunStatus.Complete, 1);

    public override IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope) => scope.NewestBefore(store, null, 1);

    public override string Describe() => "a complete run";

    public override string DescribeBaseline() => "a complete run started before the candidate";
}

/// <summary><c>branch:NAME</c>: the newest complete run on that branch; as a baseline, the newest before the candidate.</summary>
public sealed record BranchSelector(string Branch, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(Branch, null, RunStatus.Complete, 1);

    public override IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope) => scope.NewestBefore(store, Branch, 1);

    public override string Describe() => $"a complete run on branch '{Branch}'";

    public override string DescribeBaseline() => $"a complete run on branch '{Branch}' started before the candidate";
}

/// <summary>
/// <c>commit:SHA</c>: the newest complete run whose commit starts with the (≥ 7 hex digit) prefix; as a baseline, the
/// newest the candidate does not hold, earlier or later (a commit is a fixed point, not a place in time).
/// </summary>
public sealed record CommitSelector(string CommitPrefix, string Text) : RunSelector(Text)
{
    public override bool NamesFixedRuns => true;

    public override IReadOnlyList<RunRecord> Find(IResultStore store) =>
        store.FindRuns(null, CommitPrefix, RunStatus.Complete, 1);

    public override IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope) =>
        [.. store.FindRuns(null, CommitPrefix, RunStatus.Complete, scope.Candidate.Runs.Count + 1).Where(r => !scope.Holds(r.Id)).Take(1)];

    public override string Describe() => $"a complete run of a commit starting with '{CommitPrefix}'";

    public override string DescribeBaseline() => $"a complete run of a commit starting with '{CommitPrefix}' that the candidate does not hold";
}

/// <summary>
/// <c>last:N</c>: the N newest complete runs, pooled (each case's samples are the union over them); as a baseline,
/// the N newest before the candidate. Fewer than N is accepted — a young store has few runs — and the selection
/// says how many it holds.
/// </summary>
public sealed record LastRunsSelector(int Count, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(null, null, RunStatus.Complete, Count);

    public override IReadOnlyList<RunRecord> FindBaseline(IResultStore store, BaselineScope scope) => scope.NewestBefore(store, null, Count);

    public override string Describe() => "a complete run";

    public override string DescribeBaseline() => "a complete run started before the candidate";
}
