using System.Diagnostics;
using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>Ctrl-C mid-run: what was measured stays, and the run says it is incomplete.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Sigint_during_a_run_leaves_a_consistent_database_and_an_incomplete_run()
    {
        using var dir = new TempDir();
        var suite = dir.File("long.yaml", """
            name: long
            engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 1000, min_time_ms: 400, max_time_ms: 400}
            cases:
              - kernel: gemm
                params: {m: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19], n: 64, k: 64}
            """);
        var db = dir.File("results.db");
        using var process = Process.Start(CliProcess.StartInfo("run", "--suite", suite, "--db", db))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        await WaitForStoredResults(db, atLeast: 1);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "moebench did not stop after SIGINT");
        Assert.Equal(130, process.ExitCode);
        using var store = SqliteResultStore.Open(db);
        var run = store.LatestRun()!;
        Assert.Equal(RunStatus.Incomplete, run.Status);
        var results = store.GetResults(run.Id);
        Assert.InRange(results.Count, 1, 11);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Result.Status));
        Assert.Contains("incomplete", await stdout + await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigint_after_the_first_round_keeps_every_case_measured_so_far_and_latest_means_one_run_everywhere()
    {
        using var dir = new TempDir();
        var suite = dir.File("rounds.yaml", """
            name: rounds
            engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 1000, min_time_ms: 300, max_time_ms: 300, rounds: 8}
            cases:
              - kernel: gemm
                params: {m: [8, 9, 10], n: 64, k: 64}
            """);
        var db = dir.File("results.db");
        Assert.Equal(0, CliProcess.Run("run", "--suite", suite, "--db", db, "--filter", "*m=8 *").ExitCode);
        using var process = Process.Start(CliProcess.StartInfo("run", "--suite", suite, "--db", db))!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());

        // The interrupted run (run 2) has stored all three cases once their first round is measured.
        await WaitForStoredResults(db, atLeast: 3, runId: 2);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "moebench did not stop after SIGINT");
        await output;
        Assert.Equal(130, process.ExitCode);
        using (var store = SqliteResultStore.OpenForReading(db))
        {
            Assert.Equal(RunStatus.Incomplete, store.GetRun(2)!.Status);
            var kept = store.GetResults(2);
            Assert.Equal(3, kept.Count);
            // A result of one round stores no round sizes; later rounds list theirs.
            Assert.All(kept, r => Assert.InRange(r.Result.RoundSizes?.Count ?? 1, 1, 7));
            Assert.All(kept, r => Assert.NotEmpty(r.Result.SamplesNs));
        }

        // results, report and gate all take `latest` as run 1, the newest complete one, and say that run 2 is newer.
        var results = CliProcess.Run("results", "--db", db);
        Assert.Contains("run 1 [complete]", results.Stdout, StringComparison.Ordinal);
        Assert.Contains("run 2 is newer but incomplete", results.Stderr, StringComparison.Ordinal);
        var report = CliProcess.Run("report", "--db", db, "--out", Path.Combine(dir.Path, "report"));
        Assert.Contains("run 2 is newer but incomplete", report.Stderr, StringComparison.Ordinal);
        var gate = CliProcess.Run("gate", "--db", db, "--baseline", "2", "--candidate", "latest", "--out", Path.Combine(dir.Path, "gate"));
        Assert.Contains("run 2 is newer but incomplete", gate.Stderr, StringComparison.Ordinal);
    }

    private static async Task WaitForStoredResults(string db, int atLeast, long? runId = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (File.Exists(db))
            {
                using var store = SqliteResultStore.Open(db);
                if ((runId is { } id ? store.GetRun(id) : store.LatestRun()) is { } run && store.GetResults(run.Id).Count >= atLeast)
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no result was stored within 90 s");
    }
}
