using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using MoeBench.Reporting.Gate;
using MoeBench.Reporting.Selection;
using MoeBench.Reporting.Tests.Comparison;
using MoeBench.Reporting.Tests.Selection;

namespace MoeBench.Reporting.Tests.Gate;

public sealed class GateOutputsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "moebench-gate-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void All_three_files_are_written_into_a_new_directory_as_utf8_without_bom_and_lf()
    {
        var outcome = GateOutputs.WriteAll(Path.Combine(_directory, "out"), GateResult.From(GateFixtures.Report()));

        Assert.Empty(outcome.Errors);
        Assert.Equal(["summary.md", "junit.xml", "compare.json"], outcome.Written.Select(Path.GetFileName));
        foreach (var path in outcome.Written)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.DoesNotContain((byte)'\r', bytes);
        }
    }

    [Fact]
    public void One_failing_writer_is_reported_and_the_others_still_write()
    {
        var outcome = GateOutputs.WriteAll(_directory, GateResult.From(GateFixtures.Report()), [new ThrowingWriter(), new MarkdownSummaryWriter()]);

        Assert.Equal("broken.txt: InvalidOperationException: disk on fire", Assert.Single(outcome.Errors));
        Assert.Equal("summary.md", Path.GetFileName(Assert.Single(outcome.Written)));
    }

    [Fact]
    public void End_to_end_a_slowed_op_in_the_store_fails_the_gate_and_the_files_say_why()
    {
        using var db = new TempDb();
        var suite = SyntheticSuite.Quick(51);
        var random = new Random(52);
        for (var i = 0; i < 20; i++)
        {
            db.AddRun("main", $"{i:D7}aaaa", i, RunStatus.Complete, suite.Run(random).Results);
        }

        db.AddRun("feature/slow", "fffffff0000", 30, RunStatus.Complete, suite.Run(random, slowdown: c => c.Spec.Name == "grouped_gemm" ? 1.25 : 1).Results);

        Assert.True(RunSelection.TryResolve(db.Store, "branch:main", out var baseline, out _));
        Assert.True(RunSelection.TryResolve(db.Store, "branch:feature/slow", out var candidate, out _));
        var report = ComparisonEngine.Compare(
            SelectionResults.Load(db.Store, baseline), SelectionResults.Load(db.Store, candidate), new StoreHistoryProvider(db.Store), ComparisonOptions.Default);
        var result = GateResult.From(report);
        var outcome = GateOutputs.WriteAll(_directory, result);

        Assert.Equal(GateExitCodes.Regression, result.ExitCode);
        Assert.All(report.Cases.Where(c => c.Verdict == Verdict.Regressed), c => Assert.Equal("grouped_gemm", c.CaseName));
        Assert.Equal(18, report.Count(Verdict.Regressed));
        Assert.All(report.Cases, c => Assert.Equal(20, c.HistoryPoints));
        Assert.Empty(outcome.Errors);
        Assert.StartsWith("## MoeBench gate ❌ 18 confirmed regressions", File.ReadAllText(Path.Combine(_directory, "summary.md")), StringComparison.Ordinal);
    }

    private sealed class ThrowingWriter : IGateWriter
    {
        public string FileName => "broken.txt";

        public void Write(GateResult result, TextWriter writer) => throw new InvalidOperationException("disk on fire");
    }
}
