using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MoeBench.Cli.Tests;

[CollectionDefinition(nameof(NightlyGateTests), DisableParallelization = true)]
public sealed class NightlyGateGroup : ICollectionFixture<NightlyRuns>;

/// <summary>
/// The nightly workflow's own commands on its second night: the gate step compares the new run of main with the
/// previous one (before, both sides selected the new run and the gate could not fail). Alone in their collection, and
/// run by run-tests.sh after every other test project has finished (<see cref="QuietMachine"/>): the gate rightly calls
/// a 25% slowdown noisy while other test assemblies share the two cores (within-run spreads of 40-180% seen then).
/// </summary>
[Collection(nameof(NightlyGateTests))]
[Trait(QuietMachine.Trait, QuietMachine.Value)]
public sealed partial class NightlyGateTests(NightlyRuns runs)
{
    [Fact]
    public void The_workflows_gate_step_passes_an_unchanged_second_run_of_main_against_the_first()
    {
        Assert.True(runs.UnchangedGate.ExitCode == 0, runs.UnchangedGate.Stdout + runs.UnchangedGate.Stderr);
        AssertComparedSecondRunWithFirst(runs.Unchanged);
    }

    [Fact]
    public void The_workflows_gate_step_fails_a_second_run_of_main_with_grouped_gemm_25_percent_slower()
    {
        Assert.True(runs.SlowedGate.ExitCode == 1, $"after {runs.SlowedAttempt} slowed run(s): {runs.SlowedGate.Stdout}{runs.SlowedGate.Stderr}");
        AssertComparedSecondRunWithFirst(runs.Slowed);
        var regressed = NightlyRuns.GateVerdicts(runs.Slowed).Where(v => v.Value == "regressed").Select(v => v.Key).ToList();
        Assert.NotEmpty(regressed);
        Assert.All(regressed, label => Assert.StartsWith("grouped_gemm ", label, StringComparison.Ordinal));
    }

    [Fact]
    public void The_workflows_report_step_gives_the_gates_verdicts_under_the_suites_thresholds()
    {
        var report = runs.Slowed.Run(WorkflowCommand.Arguments(Path.Combine(CliProcess.RepoRoot, NightlyRuns.Workflow), "Report"));

        Assert.True(report.ExitCode == 0, report.Stdout + report.Stderr);
        var gate = NightlyRuns.GateVerdicts(runs.Slowed);
        var html = File.ReadAllText(Path.Combine(runs.Slowed.Path, "reports", "nightly", "index.html"));
        var shown = ReportRow().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["label"].Value), m => m.Groups["verdict"].Value);
        Assert.Equal(gate.OrderBy(v => v.Key, StringComparer.Ordinal), shown.OrderBy(v => v.Key, StringComparer.Ordinal));

        // The suite's 60% on proj=down is what both applied: with the default 3% a 25% slowdown could regress them.
        Assert.Equal(2, gate.Count(v => v.Key.Contains("proj=down", StringComparison.Ordinal)));
        Assert.All(gate.Where(v => v.Key.Contains("proj=down", StringComparison.Ordinal)), v => Assert.NotEqual("regressed", v.Value));
        using var compare = NightlyRuns.CompareJson(runs.Slowed);
        var overrides = compare.RootElement.GetProperty("options").GetProperty("overrides").EnumerateArray().ToList();
        Assert.Equal(2, overrides.Count);
        Assert.All(overrides, o => Assert.Equal(0.6, o.GetProperty("min_effect").GetDouble()));
    }

    [Fact]
    public void A_run_gated_against_itself_is_bad_input_naming_what_was_selected()
    {
        var gate = runs.Unchanged.Run(["gate", "--baseline", "2", "--candidate", "latest", "--db", "results/moebench.db", "--out", "reports/self"]);

        Assert.Equal(2, gate.ExitCode);
        Assert.Contains("baseline '2' selects run 2, which the candidate 'latest' (run 2) holds", gate.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(runs.Unchanged.Path, "reports", "self")));
    }

    [Theory]
    [InlineData("gate", "--baseline", "branch:main")]
    [InlineData("report", "--out", "reports/pg")]
    [InlineData("devices")]
    public void A_postgresql_address_is_refused_by_every_command_as_bad_input(params string[] args)
    {
        var outcome = runs.Unchanged.Run([.. args, "--db", "postgresql://bench@db.example/moebench"]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("the PostgreSQL store is not available yet", outcome.Stderr, StringComparison.Ordinal);
    }

    private static void AssertComparedSecondRunWithFirst(MainBranchWorkspace workspace)
    {
        using var compare = NightlyRuns.CompareJson(workspace);
        Assert.Equal([1L], compare.RootElement.GetProperty("baseline").GetProperty("run_ids").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([2L], compare.RootElement.GetProperty("candidate").GetProperty("run_ids").EnumerateArray().Select(e => e.GetInt64()));
    }

    [GeneratedRegex("""<tr class="verdict-[^"]*"><td class="label">(?<label>[^<]*)</td>.*?<td class="verdict"[^>]*>(?<verdict>[^<]*)</td>""")]
    private static partial Regex ReportRow();
}
