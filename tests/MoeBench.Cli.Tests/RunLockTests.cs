using System.Diagnostics;
using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Two runs started together on one machine: the second waits for the first, or, with <c>--allow-concurrent</c>,
/// measures beside it and is stored as contended — never two runs of normal-looking, silently contaminated results.
/// </summary>
public sealed class RunLockTests
{
    private const string Suite = """
        name: lock
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 1000, min_time_ms: 300, max_time_ms: 300, seed: 3}
        cases:
          - kernel: gemm
            params: {m: [8, 9, 10, 11, 12, 13, 14, 15], n: 64, k: 64}
        """;

    [Fact]
    public async Task A_second_run_waits_for_the_machine_and_starts_after_the_first_ends()
    {
        using var dir = new TempDir();
        var suite = dir.File("lock.yaml", Suite);
        var (firstDb, secondDb) = (dir.File("first.db"), dir.File("second.db"));
        var lockDir = Path.Combine(dir.Path, "lock");

        using var first = Start(lockDir, "run", "--suite", suite, "--db", firstDb);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstErr = first.StandardError.ReadToEndAsync();
        await WaitForRun(firstDb);
        using var second = Start(lockDir, "run", "--suite", suite, "--db", secondDb);
        var secondOut = second.StandardOutput.ReadToEndAsync();
        var secondErr = second.StandardError.ReadToEndAsync();

        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(2)) && second.WaitForExit(TimeSpan.FromMinutes(2)), "runs did not finish");
        Assert.True(first.ExitCode == 0, await firstOut + await firstErr);
        Assert.True(second.ExitCode == 0, await secondOut + await secondErr);
        Assert.Contains("waiting for the machine: held by moebench run --suite lock", await secondErr, StringComparison.Ordinal);
        var firstRun = Latest(firstDb);
        var secondRun = Latest(secondDb);
        Assert.True(secondRun.Context.StartedUtc >= firstRun.EndedUtc, $"second started {secondRun.Context.StartedUtc:O}, first ended {firstRun.EndedUtc:O}");
        Assert.False(secondRun.Contention!.BesideAnotherRun);
    }

    [Fact]
    public async Task A_run_allowed_beside_another_is_stored_as_contended()
    {
        using var dir = new TempDir();
        var suite = dir.File("lock.yaml", Suite);
        var (firstDb, secondDb) = (dir.File("first.db"), dir.File("second.db"));
        var lockDir = Path.Combine(dir.Path, "lock");

        using var first = Start(lockDir, "run", "--suite", suite, "--db", firstDb);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstErr = first.StandardError.ReadToEndAsync();
        await WaitForRun(firstDb);
        using var second = Start(lockDir, "run", "--suite", suite, "--db", secondDb, "--allow-concurrent");
        var secondOut = second.StandardOutput.ReadToEndAsync();
        var secondErr = second.StandardError.ReadToEndAsync();

        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(2)) && second.WaitForExit(TimeSpan.FromMinutes(2)), "runs did not finish");
        Assert.True(first.ExitCode == 0, await firstOut + await firstErr);
        Assert.True(second.ExitCode == 0, await secondOut + await secondErr);
        var contention = Latest(secondDb).Contention!;
        Assert.True(contention.BesideAnotherRun);
        Assert.True(contention.Contended);
        Assert.Contains("stored as contended", await secondErr, StringComparison.Ordinal);
        var results = CliProcess.Run("results", "--db", secondDb);
        // The table's caption wraps at the console width: compare with its whitespace collapsed.
        Assert.Contains("contended: run beside another MoeBench run", string.Join(' ', results.Stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static Process Start(string lockDir, params string[] args)
    {
        var info = CliProcess.StartInfo(args);
        info.Environment["MOEBENCH_LOCK_DIR"] = lockDir;
        return Process.Start(info)!;
    }

    private static RunRecord Latest(string db)
    {
        using var store = SqliteResultStore.OpenForReading(db);
        return store.LatestRun()!;
    }

    /// <summary>The first run holds the lock once its run row exists (it takes the lock before it begins the run).</summary>
    private static async Task WaitForRun(string db)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(db) && new FileInfo(db).Length > 0)
            {
                try
                {
                    using var store = SqliteResultStore.OpenForReading(db);
                    if (store.LatestRun() is not null)
                    {
                        return;
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // Being created by the run: try again.
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the first run never began");
    }
}
