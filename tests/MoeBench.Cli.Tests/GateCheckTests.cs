using System.Diagnostics;
using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary>
/// <c>moebench gate-check</c> end to end with a tiny suite: the runs it makes, what it stores and what it refuses.
/// Verdicts depend on the machine, so only the bookkeeping is checked here; the figures come from the lead's run.
/// </summary>
public sealed class GateCheckTests : IDisposable
{
    private static readonly string TinySuite = EightCaseSuite.Yaml("tiny-gate-check", rounds: 2);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Two_pairs_of_each_kind_make_seven_gate_check_runs_in_turns_and_a_summary_stored_as_results()
    {
        var suite = _dir.File("tiny.yaml", TinySuite);
        var db = _dir.File("gc.db");

        var check = CliProcess.Run("gate-check", "--suite", suite, "--pairs", "2", "--slowdowns", "10%", "--db", db);

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("A/A pairs (unchanged code)", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("+10% grouped_gemm", check.Stdout, StringComparison.Ordinal);
        // The summary is itself a gate-check run, so `latest` (the newest benchmark run) never names it: it is read by id.
        Assert.Contains("summary stored as run 8", check.Stdout, StringComparison.Ordinal);
        using var summary = Json(CliProcess.Run("results", "--run", "8", "--json", "--db", db));
        var run = summary.RootElement.GetProperty("run");
        Assert.Equal("gate-check", run.GetProperty("purpose").GetString());
        var results = summary.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(
            [
                "gate_check_aa/history", "gate_check_aa/two-runs", "gate_check_aa/in-turns",
                "gate_check_slowdown/history", "gate_check_slowdown/two-runs", "gate_check_slowdown/in-turns",
            ],
            results.Select(r => $"{r.GetProperty("name").GetString()}/{r.GetProperty("params").GetProperty("regime").GetString()}"));
        Assert.All(results, r => Assert.Equal("scenario", r.GetProperty("level").GetString()));
        Assert.All(results, r => Assert.Equal(2, r.GetProperty("params").GetProperty("pairs").GetInt32()));
        var falseAlarms = results[0].GetProperty("metrics").GetProperty("false_alarm_rate");
        Assert.InRange(falseAlarms.GetProperty("value").GetDouble(), 0, 1);
        Assert.Equal("lower", falseAlarms.GetProperty("direction").GetString());
        Assert.Equal("grouped_gemm", results[3].GetProperty("params").GetProperty("op").GetString());
        Assert.Equal(0.1, results[3].GetProperty("params").GetProperty("slowdown").GetDouble());
        Assert.True(results[3].GetProperty("metrics").TryGetProperty("catch_rate", out _));
        Assert.True(results[3].GetProperty("metrics").TryGetProperty("measured_slowdown", out _));

        // Seven measured runs (three reference, two twins, two injected) and the summary, all gate-check runs: no selector
        // by form finds one, so a nightly gate in the same store never takes an injected run for its candidate or
        // baseline. The first run measured alone, then each block of three in turns.
        var summaryId = run.GetProperty("id").GetInt64();
        Assert.Equal(8, summaryId);
        var injections = new List<string>();
        var groups = new List<string?>();
        for (var id = 1; id < summaryId; id++)
        {
            using var measured = Json(CliProcess.Run("results", "--run", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--db", db));
            var context = measured.RootElement.GetProperty("run");
            Assert.Equal("gate-check", context.GetProperty("purpose").GetString());
            Assert.Equal("complete", context.GetProperty("status").GetString());
            groups.Add(context.GetProperty("turns").GetString());
            if (context.GetProperty("environment").TryGetProperty("MOEBENCH_INJECT_SLOWDOWN", out var injection))
            {
                injections.Add(injection.GetString()!);
            }
        }

        Assert.Equal(["grouped_gemm:0.1", "grouped_gemm:0.1"], injections);
        Assert.All(groups, g => Assert.False(string.IsNullOrEmpty(g)));
        Assert.Equal([1, 3, 3], groups.GroupBy(g => g).Select(g => g.Count()));

        var gate = CliProcess.Run("gate", "--baseline", "last:1", "--candidate", "latest", "--db", db, "--out", _dir.File("gate"));
        Assert.Equal(2, gate.ExitCode);
        Assert.Contains("matches no run", gate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_in_turns_waits_before_it_starts_and_before_each_measurement_and_stops_when_its_conductor_is_gone()
    {
        var suite = _dir.File("tiny.yaml", TinySuite);
        var db = _dir.File("turns.db");

        // Given every turn, it measures all 8 cases in 2 rounds: one wait to start and one before each of the 16.
        var waits = Conduct(suite, db, turnsToGive: int.MaxValue, out var exit);
        Assert.Equal(0, exit);
        Assert.Equal(17, waits);
        using (var run = Json(CliProcess.Run("results", "--run", "1", "--json", "--db", db)))
        {
            Assert.Equal("g", run.RootElement.GetProperty("run").GetProperty("turns").GetString());
        }

        // Its conductor gone after three turns, it stops and is stored as incomplete.
        Conduct(suite, db, turnsToGive: 3, out exit);
        Assert.Equal(130, exit);
        using var second = Json(CliProcess.Run("results", "--run", "2", "--json", "--db", db));
        Assert.Equal("incomplete", second.RootElement.GetProperty("run").GetProperty("status").GetString());
    }

    /// <summary>Plays a conductor for one `run --turns g`: answers its first waits with turns, then closes its input.</summary>
    private static int Conduct(string suite, string db, int turnsToGive, out int exitCode)
    {
        var info = CliProcess.StartInfo("run", "--suite", suite, "--db", db, "--turns", "g");
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var waits = 0;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line != "moebench: waiting for my turn")
            {
                continue;
            }

            waits++;
            if (waits > turnsToGive)
            {
                process.StandardInput.Close();
                continue;
            }

            process.StandardInput.WriteLine("go");
            process.StandardInput.Flush();
        }

        process.WaitForExit();
        exitCode = process.ExitCode;
        _ = stderr.Result;
        return waits;
    }

    [Theory]
    [InlineData("--op", "attention", "the injection slows")]
    [InlineData("--op", "permute", "the injection slows")]
    [InlineData("--slowdowns", "5%,x", "is not a slowdown")]
    [InlineData("--slowdowns", "0%", "is not a slowdown")]
    [InlineData("--pairs", "0", "--pairs must be at least 1")]
    public void Bad_options_exit_2_before_anything_runs_or_is_written(string option, string value, string message)
    {
        var suite = _dir.File("tiny.yaml", TinySuite);
        var db = _dir.File("never.db");

        var stderr = CliProcess.Refused(db, "gate-check", "--suite", suite, option, value, "--db", db);

        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_op_the_suite_never_times_is_refused_since_nothing_could_catch_it()
    {
        var suite = _dir.File("no-rmsnorm.yaml", TinySuite.Replace("  - kernel: rmsnorm\n    params: {rows: 16, hidden: 64}\n", "", StringComparison.Ordinal));

        Assert.DoesNotContain("rmsnorm", File.ReadAllText(suite), StringComparison.Ordinal);

        var check = CliProcess.Run("gate-check", "--suite", suite, "--op", "rmsnorm", "--db", _dir.File("never.db"));

        Assert.Equal(2, check.ExitCode);
        Assert.Contains("has no rmsnorm kernel case", check.Stderr, StringComparison.Ordinal);
    }

    private static JsonDocument Json(CliProcess.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        return JsonDocument.Parse(outcome.Stdout);
    }
}
