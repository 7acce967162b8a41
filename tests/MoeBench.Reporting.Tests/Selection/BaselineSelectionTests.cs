using System.Globalization;
using MoeBench.Core.Results;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;

namespace MoeBench.Reporting.Tests.Selection;

/// <summary>A baseline never selects a run its candidate holds; the "newest" forms look before the candidate.</summary>
public sealed class BaselineSelectionTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly long[] _runs;

    public BaselineSelectionTests() => _runs =
    [
        _db.AddRun("main", "aaaaaaa1111", 0, RunStatus.Complete),
        _db.AddRun("feature/x", "bbbbbbb2222", 1, RunStatus.Complete),
        _db.AddRun("main", "aaaaaaa3333", 2, RunStatus.Complete),
        _db.AddRun("main", "ccccccc4444", 3, RunStatus.Failed),
    ];

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("branch:main", "latest", new[] { 0 })]
    [InlineData("branch:main", "branch:main", new[] { 0 })]
    [InlineData("latest", "latest", new[] { 1 })]
    [InlineData("last:2", "latest", new[] { 1, 0 })]
    [InlineData("last:5", "latest", new[] { 1, 0 })]
    [InlineData("last:5", "last:2", new[] { 0 })]
    [InlineData("last:5", "branch:feature/x", new[] { 0 })]
    [InlineData("commit:aaaaaaa", "latest", new[] { 0 })]
    [InlineData("commit:aaaaaaa", "commit:aaaaaaa", new[] { 0 })]
    [InlineData("branch:main", "#3", new[] { 2 })]
    [InlineData("#2", "#0", new[] { 2 })]
    public void A_baseline_selects_runs_before_its_candidate_and_none_the_candidate_holds(string baseline, string candidate, int[] expected)
    {
        var selected = ResolveBaseline(baseline, Resolve(candidate));

        Assert.Equal(expected.Select(i => _runs[i]), selected.RunIds);
    }

    [Theory]
    [InlineData("#2", "#2")]
    [InlineData("#2", "latest")]
    [InlineData("commit:aaaaaaa3333", "latest")]
    [InlineData("commit:aaaaaaa3333", "commit:aaaaaaa3333")]
    public void A_baseline_that_names_only_the_candidates_runs_is_a_self_comparison_and_bad_input(string baseline, string candidate)
    {
        var text = Ids(baseline);
        var candidateSelection = Resolve(candidate);
        Assert.False(RunSelection.TryResolveBaseline(_db.Store, text, candidateSelection, out var selection, out var error));

        Assert.Null(selection);
        Assert.Equal(SelectorErrorKind.SelfComparison, error.Kind);
        Assert.Equal(GateExitCodes.BadInput, error.ExitCode);
        Assert.Contains($"baseline '{text}' selects run {_runs[2]}, which the candidate '{candidateSelection.Text}' (run {_runs[2]}) holds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("branch:main", "a complete run on branch 'main' started before the candidate")]
    [InlineData("latest", "a complete run started before the candidate")]
    public void The_first_run_of_a_branch_has_no_baseline_yet_rather_than_comparing_with_itself(string baseline, string lookedFor)
    {
        using var db = new TempDb();
        db.AddRun("main", "1111111aaaa", 0, RunStatus.Complete);
        Assert.True(RunSelection.TryResolve(db.Store, "latest", out var candidate, out _));

        Assert.False(RunSelection.TryResolveBaseline(db.Store, baseline, candidate, out _, out var error));

        Assert.Equal(SelectorErrorKind.NoMatch, error.Kind);
        Assert.Equal(GateExitCodes.NoBaseline, error.ExitCode);
        Assert.Contains(lookedFor, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_earlier_run_of_the_branch_means_no_baseline_when_a_later_one_exists()
    {
        Assert.False(RunSelection.TryResolveBaseline(_db.Store, "branch:feature/x", Resolve("#0"), out _, out var error));

        Assert.Equal(SelectorErrorKind.NoMatch, error.Kind);
        Assert.Equal(GateExitCodes.NoBaseline, error.ExitCode);
        Assert.Contains("started before the candidate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_started_at_the_same_moment_are_ordered_by_id()
    {
        using var db = new TempDb();
        var first = db.AddRun("main", "1111111aaaa", 5, RunStatus.Complete);
        db.AddRun("main", "2222222aaaa", 5, RunStatus.Complete);
        Assert.True(RunSelection.TryResolve(db.Store, "latest", out var candidate, out _));

        Assert.True(RunSelection.TryResolveBaseline(db.Store, "branch:main", candidate, out var baseline, out var error), error?.Message);

        Assert.Equal([first], baseline.RunIds);
    }

    [Fact]
    public void Runs_newer_than_an_old_candidate_are_read_past_until_enough_earlier_ones_are_found()
    {
        using var db = new TempDb();
        var ids = Enumerable.Range(0, 12).Select(h => db.AddRun("main", "1111111aaaa", h, RunStatus.Complete)).ToList();
        Assert.True(RunSelection.TryResolve(db.Store, ids[3].ToString(CultureInfo.InvariantCulture), out var candidate, out _));

        Assert.True(RunSelection.TryResolveBaseline(db.Store, "last:2", candidate, out var baseline, out var error), error?.Message);

        Assert.Equal([ids[2], ids[1]], baseline.RunIds);
    }

    private RunSelection Resolve(string text)
    {
        Assert.True(RunSelection.TryResolve(_db.Store, Ids(text), out var selection, out var error), error?.Message);
        return selection;
    }

    private RunSelection ResolveBaseline(string text, RunSelection candidate)
    {
        Assert.True(RunSelection.TryResolveBaseline(_db.Store, Ids(text), candidate, out var selection, out var error), error?.Message);
        return selection;
    }

    /// <summary><c>#i</c> stands for the id of the fixture's i-th run, which the store assigns.</summary>
    private string Ids(string text) => text.StartsWith('#')
        ? _runs[int.Parse(text[1..], CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture)
        : text;
}
