using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;
using MoeBench.Storage.Tests;

namespace MoeBench.Reporting.Tests.Comparison;

public sealed class MigratedVerdictTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "moebench-reporting-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_schema_five_database_gives_the_same_verdicts_and_gate_exit_after_migration_as_its_results_gave_before()
    {
        var suite = SyntheticSuite.Quick(seed: 20261206);
        var random = new Random(7);
        var runs = Enumerable.Range(0, 5).Select(_ => suite.Run(random)).ToList();
        var candidate = suite.Run(random, slowdown: c => Scenario.IsGroupedGemm(c) ? 1.25 : 1);
        var before = ComparisonEngine.Compare(
            runs[^1].Selection("branch:main"), candidate.Selection("latest"), new SyntheticHistory([.. runs, candidate]), ComparisonOptions.Default);

        var path = Path.Combine(_directory, "results.db");
        var ids = SchemaFiveStore.Write(path, [.. runs.Append(candidate).Select(r => (r.Record.Context, r.Results))]);
        Assert.Equal(runs.Append(candidate).Select(r => r.Id), ids);
        using var store = SqliteResultStore.Open(path);
        SelectionResults Load(long id, string text) => SelectionResults.Load(store, new RunSelection([store.GetRun(id)!], text));
        var after = ComparisonEngine.Compare(
            Load(runs[^1].Id, "branch:main"), Load(candidate.Id, "latest"), new StoreHistoryProvider(store), ComparisonOptions.Default);

        Assert.Equal(GateExitCodes.Regression, GateResult.From(before).ExitCode);
        Assert.Equal(GateResult.From(before).ExitCode, GateResult.From(after).ExitCode);
        Assert.Equal(before.Cases.Select(c => (c.CaseId, c.Verdict, c.AdjustedRatio)), after.Cases.Select(c => (c.CaseId, c.Verdict, c.AdjustedRatio)));
    }
}
