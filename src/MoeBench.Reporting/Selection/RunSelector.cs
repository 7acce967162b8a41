using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Reporting.Selection;

/// <summary>
/// A parsed run selector. Each form finds its own runs (a new form is a new record, not a new switch branch);
/// every form except an explicit id considers complete runs only, since an interrupted or failed run is not a
/// whole measurement of its commit.
/// </summary>
/// <param name="Text">The selector as the user wrote it, kept for reports.</param>
public abstract record RunSelector(string Text)
{
    /// <summary>The matching runs, newest first; empty when none match.</summary>
    public abstract IReadOnlyList<RunRecord> Find(IResultStore store);

    /// <summary>What "no match" means for this form, for the error message.</summary>
    public abstract string Describe();
}

/// <summary><c>ID</c>: exactly that run, whatever its status (the user named it).</summary>
public sealed record RunIdSelector(long RunId, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) =>
        store.GetRun(RunId) is { } run ? [run] : [];

    public override string Describe() => $"run {RunId}";
}

/// <summary><c>latest</c>: the newest complete run.</summary>
public sealed record LatestSelector(string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(null, null, RunStatus.Complete, 1);

    public override string Describe() => "a complete run";
}

/// <summary><c>branch:NAME</c>: the newest complete run on that branch.</summary>
public sealed record BranchSelector(string Branch, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(Branch, null, RunStatus.Complete, 1);

    public override string Describe() => $"a complete run on branch '{Branch}'";
}

/// <summary><c>commit:SHA</c>: the newest complete run whose commit starts with the (≥ 7 hex digit) prefix.</summary>
public sealed record CommitSelector(string CommitPrefix, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) =>
        store.FindRuns(null, CommitPrefix, RunStatus.Complete, 1);

    public override string Describe() => $"a complete run of a commit starting with '{CommitPrefix}'";
}

/// <summary>
/// <c>last:N</c>: the N newest complete runs, pooled (each case's samples are the union over them). Fewer than N
/// is accepted — a young store has few runs — and the selection says how many it holds.
/// </summary>
public sealed record LastRunsSelector(int Count, string Text) : RunSelector(Text)
{
    public override IReadOnlyList<RunRecord> Find(IResultStore store) => store.FindRuns(null, null, RunStatus.Complete, Count);

    public override string Describe() => "a complete run";
}
