using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary>
/// <c>moebench gate-check</c> end to end with a tiny suite: the runs it makes, what it stores and what it refuses.
/// Verdicts depend on the machine, so only the bookkeeping is checked here; the figures come from the lead's run.
/// </summary>
public sealed class GateCheckTests : IDisposable
{
    /// <summary>Eight cases over five ops (the gate estimates machine drift from eight), each a few milliseconds.</summary>
    private const string TinySuite = """
        name: tiny-gate-check
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 6, max_samples: 12, min_time_ms: 10, max_time_ms: 40, seed: 7, rounds: 2}
        cases:
          - kernel: grouped_gemm
            params: {model: olmoe-1b-7b@1/16, tokens: [5, 9], proj: [up, down]}
          - kernel: gemm
            params: {m: 7, n: 17, k: 9}
          - kernel: swiglu
            params: {rows: 16, ffn: 64}
          - kernel: rmsnorm
            params: {rows: 16, hidden: 64}
          - kernel: unpermute
            params: {model: olmoe-1b-7b@1/16, tokens: 9}
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Two_pairs_of_each_kind_make_five_gate_check_runs_and_a_summary_stored_as_results()
    {
        var suite = _dir.File("tiny.yaml", TinySuite);
        var db = _dir.File("gc.db");

        var check = CliProcess.Run("gate-check", "--suite", suite, "--pairs", "2", "--slowdowns", "10%", "--db", db);

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("A/A pairs (unchanged code)", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("+10% grouped_gemm", check.Stdout, StringComparison.Ordinal);
        // The summary is itself a gate-check run, so `latest` (the newest benchmark run) never names it: it is read by id.
        Assert.Contains("summary stored as run 6", check.Stdout, StringComparison.Ordinal);
        using var summary = Json(CliProcess.Run("results", "--run", "6", "--json", "--db", db));
        var run = summary.RootElement.GetProperty("run");
        Assert.Equal("gate-check", run.GetProperty("purpose").GetString());
        var results = summary.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(
            ["gate_check_aa/history", "gate_check_aa/two-runs", "gate_check_slowdown/history", "gate_check_slowdown/two-runs"],
            results.Select(r => $"{r.GetProperty("name").GetString()}/{r.GetProperty("params").GetProperty("regime").GetString()}"));
        Assert.All(results, r => Assert.Equal("scenario", r.GetProperty("level").GetString()));
        Assert.All(results, r => Assert.Equal(2, r.GetProperty("params").GetProperty("pairs").GetInt32()));
        var falseAlarms = results[0].GetProperty("metrics").GetProperty("false_alarm_rate");
        Assert.InRange(falseAlarms.GetProperty("value").GetDouble(), 0, 1);
        Assert.Equal("lower", falseAlarms.GetProperty("direction").GetString());
        Assert.Equal("grouped_gemm", results[2].GetProperty("params").GetProperty("op").GetString());
        Assert.Equal(0.1, results[2].GetProperty("params").GetProperty("slowdown").GetDouble());
        Assert.True(results[2].GetProperty("metrics").TryGetProperty("catch_rate", out _));

        // Five measured runs (three reference, two injected) and the summary, all gate-check runs: no selector by form
        // finds one, so a nightly gate in the same store never takes an injected run for its candidate or baseline.
        var summaryId = run.GetProperty("id").GetInt64();
        Assert.Equal(6, summaryId);
        var injections = new List<string>();
        for (var id = 1; id < summaryId; id++)
        {
            using var measured = Json(CliProcess.Run("results", "--run", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--db", db));
            var context = measured.RootElement.GetProperty("run");
            Assert.Equal("gate-check", context.GetProperty("purpose").GetString());
            Assert.Equal("complete", context.GetProperty("status").GetString());
            if (context.GetProperty("environment").TryGetProperty("MOEBENCH_INJECT_SLOWDOWN", out var injection))
            {
                injections.Add(injection.GetString()!);
            }
        }

        Assert.Equal(["grouped_gemm:0.1", "grouped_gemm:0.1"], injections);

        var gate = CliProcess.Run("gate", "--baseline", "last:1", "--candidate", "latest", "--db", db, "--out", _dir.File("gate"));
        Assert.Equal(2, gate.ExitCode);
        Assert.Contains("matches no run", gate.Stderr, StringComparison.Ordinal);
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
