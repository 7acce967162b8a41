using MoeBench.Core.Results;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;
using MoeBench.Reporting.Tests.Comparison;

namespace MoeBench.Reporting.Tests.Selection;

public sealed class RunSelectionTests : IDisposable
{
    private readonly TempDb _db = new();
    private readonly long _mainOld;
    private readonly long _mainFailed;
    private readonly long _feature;
    private readonly long _mainNew;
    private readonly long _running;

    public RunSelectionTests()
    {
        _mainOld = _db.AddRun("main", "aaaaaaa1111", 0, RunStatus.Complete);
        _feature = _db.AddRun("feature/x", "bbbbbbb2222", 1, RunStatus.Complete);
        _mainNew = _db.AddRun("main", "aaaaaaa3333", 2, RunStatus.Complete);
        _mainFailed = _db.AddRun("main", "ccccccc4444", 3, RunStatus.Failed);
        _running = _db.AddRun("main", "ddddddd5555", 4, RunStatus.Running);
    }

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("latest", new[] { 2 })]
    [InlineData("branch:main", new[] { 2 })]
    [InlineData("branch:feature/x", new[] { 1 })]
    [InlineData("commit:aaaaaaa", new[] { 2 })]
    [InlineData("commit:AAAAAAA1", new[] { 0 })]
    [InlineData("last:2", new[] { 2, 1 })]
    [InlineData("last:50", new[] { 2, 1, 0 })]
    public void Selectors_resolve_to_complete_runs_newest_first(string text, int[] expected)
    {
        long[] ids = [_mainOld, _feature, _mainNew];
        Assert.True(RunSelection.TryResolve(_db.Store, text, out var selection, out var error), error?.Message);
        Assert.Equal(expected.Select(i => ids[i]), selection.RunIds);
        Assert.Equal(text, selection.Text);
        Assert.All(selection.Runs, r => Assert.Equal(RunStatus.Complete, r.Status));
    }

    [Fact]
    public void An_explicit_id_selects_that_run_whatever_its_status()
    {
        Assert.True(RunSelection.TryResolve(_db.Store, _mainFailed.ToString(System.Globalization.CultureInfo.InvariantCulture), out var failed, out _));
        Assert.Equal(RunStatus.Failed, Assert.Single(failed.Runs).Status);
        Assert.True(RunSelection.TryResolve(_db.Store, _running.ToString(System.Globalization.CultureInfo.InvariantCulture), out var running, out _));
        Assert.Equal(_running, Assert.Single(running.RunIds));
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("branch:release")]
    [InlineData("commit:1234567")]
    [InlineData("commit:ccccccc")]
    public void A_well_formed_selector_matching_no_usable_run_means_no_baseline(string text)
    {
        Assert.False(RunSelection.TryResolve(_db.Store, text, out var selection, out var error));
        Assert.Null(selection);
        Assert.Equal(SelectorErrorKind.NoMatch, error.Kind);
        Assert.Equal(GateExitCodes.NoBaseline, error.ExitCode);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_selector_is_bad_input_before_the_store_is_asked()
    {
        Assert.False(RunSelection.TryResolve(_db.Store, "last:none", out _, out var error));
        Assert.Equal(GateExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public void An_empty_store_has_no_latest_run()
    {
        using var empty = new TempDb();
        Assert.False(RunSelection.TryResolve(empty.Store, "latest", out _, out var error));
        Assert.Equal(GateExitCodes.NoBaseline, error.ExitCode);
    }

    [Fact]
    public void Loading_a_selection_reads_the_results_of_every_run_in_it()
    {
        using var db = new TempDb();
        var suite = SyntheticSuite.Quick(5);
        var random = new Random(6);
        var first = db.AddRun("main", "1111111aaaa", 0, RunStatus.Complete, suite.Run(random).Results);
        var second = db.AddRun("main", "2222222aaaa", 1, RunStatus.Complete, suite.Run(random).Results);
        Assert.True(RunSelection.TryResolve(db.Store, "last:2", out var selection, out _));

        var loaded = SelectionResults.Load(db.Store, selection);
        Assert.Equal(2 * suite.Cases.Count, loaded.Results.Count);
        Assert.Equal([second, first], loaded.Results.Select(r => r.RunId).Distinct().Order().Reverse());
    }
}
