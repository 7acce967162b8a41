using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

public sealed class RunLifecycleTests : IDisposable
{
    /// <summary>Above Linux's pid_max limit (2^22) and Windows' practical range: no process can have it.</summary>
    private const int DeadPid = int.MaxValue - 1;

    private static readonly string[] Suites = ["a", "b", "c", "d"];

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_new_run_is_running_with_its_full_context_and_this_process_id()
    {
        var context = SampleData.Context();
        using var store = _temp.Open();
        var runId = store.BeginRun(context);

        var run = store.GetRun(runId);
        Assert.NotNull(run);
        Assert.Equal(runId, run.Id);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Null(run.EndedUtc);
        Assert.Equal(Environment.ProcessId, run.ProcessId);
        ResultAssert.Same(context, run.Context);
        Assert.Equal("running", _temp.Scalar<string>("SELECT status FROM runs WHERE id = @runId", new { runId }));
        Assert.Equal(Environment.MachineName, _temp.Scalar<string>("SELECT process_host FROM runs WHERE id = @runId", new { runId }));
        Assert.Equal("2026-03-14T13:09:26.5358979Z", _temp.Scalar<string>("SELECT started_utc FROM runs WHERE id = @runId", new { runId }));
    }

    [Theory]
    [InlineData(RunStatus.Complete, "complete")]
    [InlineData(RunStatus.Incomplete, "incomplete")]
    [InlineData(RunStatus.Failed, "failed")]
    public void Finishing_a_run_sets_its_status_and_end_time(RunStatus status, string stored)
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        var before = DateTimeOffset.UtcNow;
        store.FinishRun(runId, status);
        var after = DateTimeOffset.UtcNow;

        var run = store.GetRun(runId)!;
        Assert.Equal(status, run.Status);
        Assert.NotNull(run.EndedUtc);
        Assert.InRange(run.EndedUtc.Value, before, after);
        Assert.Equal(stored, _temp.Scalar<string>("SELECT status FROM runs WHERE id = @runId", new { runId }));
    }

    [Fact]
    public void Finishing_an_unknown_run_or_finishing_as_running_is_refused()
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        Assert.Throws<KeyNotFoundException>(() => store.FinishRun(runId + 1, RunStatus.Complete));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.FinishRun(runId, RunStatus.Running));
        Assert.Equal(RunStatus.Running, store.GetRun(runId)!.Status);
        Assert.Null(store.GetRun(runId + 1));
    }

    [Fact]
    public void LatestRun_and_ListRuns_order_by_id_newest_first()
    {
        using var store = _temp.Open();
        Assert.Null(store.LatestRun());
        Assert.Empty(store.ListRuns(10));

        var ids = Suites.Select(suite => store.BeginRun(SampleData.Context(suite))).ToArray();
        store.FinishRun(ids[3], RunStatus.Failed);
        store.FinishRun(ids[0], RunStatus.Complete);

        Assert.Equal(ids[3], store.LatestRun()!.Id);
        Assert.Equal("d", store.LatestRun()!.Context.SuiteName);
        Assert.Equal(ids.Reverse(), store.ListRuns(10).Select(r => r.Id));
        Assert.Equal(["d", "c"], store.ListRuns(2).Select(r => r.Context.SuiteName));
        Assert.Equal(
            [RunStatus.Failed, RunStatus.Running, RunStatus.Running, RunStatus.Complete],
            store.ListRuns(4).Select(r => r.Status));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ListRuns(0));
    }

    [Fact]
    public void A_running_run_whose_process_is_gone_reads_as_incomplete_and_is_marked_so_on_open()
    {
        long dead, alive;
        using (var store = _temp.Open())
        {
            dead = store.BeginRun(SampleData.Context("dead"));
            alive = store.BeginRun(SampleData.Context("alive"));
            Assert.Equal(1, _temp.Execute("UPDATE runs SET pid = @Pid WHERE id = @Id", new { Pid = DeadPid, Id = dead }));

            // Read through every API before any re-open: still 'running' in the file, 'incomplete' to readers.
            Assert.Equal(RunStatus.Incomplete, store.GetRun(dead)!.Status);
            Assert.Equal(DeadPid, store.GetRun(dead)!.ProcessId);
            Assert.Equal(RunStatus.Running, store.LatestRun()!.Status);
            Assert.Equal([RunStatus.Running, RunStatus.Incomplete], store.ListRuns(10).Select(r => r.Status));
            Assert.Equal("running", _temp.Scalar<string>("SELECT status FROM runs WHERE id = @dead", new { dead }));
        }

        using (var store = _temp.Open())
        {
            Assert.Equal(RunStatus.Incomplete, store.GetRun(dead)!.Status);
            Assert.Equal(RunStatus.Running, store.GetRun(alive)!.Status);
            Assert.Null(store.GetRun(dead)!.EndedUtc);
        }

        Assert.Equal("incomplete", _temp.Scalar<string>("SELECT status FROM runs WHERE id = @dead", new { dead }));
        Assert.Equal("running", _temp.Scalar<string>("SELECT status FROM runs WHERE id = @alive", new { alive }));
    }

    [Fact]
    public void A_reused_pid_with_another_start_time_is_not_mistaken_for_the_run_process()
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        _temp.Execute(
            "UPDATE runs SET process_started_utc = @Started WHERE id = @Id",
            new { Started = "2001-01-01T00:00:00.0000000Z", Id = runId });

        var run = store.GetRun(runId)!;
        Assert.Equal(Environment.ProcessId, run.ProcessId);
        Assert.Equal(RunStatus.Incomplete, run.Status);
    }

    [Theory]
    [InlineData(25, RunStatus.Incomplete)]
    [InlineData(1, RunStatus.Running)]
    public void Another_host_run_reads_as_incomplete_only_after_a_day(int hoursAgo, RunStatus expected)
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        _temp.Execute(
            "UPDATE runs SET process_host = @Host, pid = @Pid, started_utc = @Started WHERE id = @Id",
            new
            {
                Host = "some-other-machine-" + Guid.NewGuid().ToString("N"),
                Pid = DeadPid,
                Started = DateTimeOffset.UtcNow.AddHours(-hoursAgo).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                Id = runId,
            });

        Assert.Equal(expected, store.GetRun(runId)!.Status);
    }

    [Fact]
    public void Results_written_before_a_crash_survive_and_the_run_reads_as_incomplete()
    {
        var first = SampleData.Ok(SampleData.LayerCase(tokens: 64));
        var second = SampleData.Failed();
        long runId;

        // A hard crash never reaches Dispose: read the file from a second store while the first still holds it.
        var crashed = _temp.Open();
        runId = crashed.BeginRun(SampleData.Context());
        crashed.AddResult(runId, first);
        crashed.AddResult(runId, second);
        using (var observer = _temp.Open())
        {
            Assert.Equal(2, observer.GetResults(runId).Count);
        }

        crashed.Dispose();
        _temp.Execute("UPDATE runs SET pid = @Pid WHERE id = @Id", new { Pid = DeadPid, Id = runId });

        using var reopened = _temp.Open();
        var run = reopened.GetRun(runId)!;
        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.Null(run.EndedUtc);
        var results = reopened.GetResults(runId);
        Assert.Equal(2, results.Count);
        ResultAssert.Same(first, results[0].Result);
        ResultAssert.Same(second, results[1].Result);
    }

    [Fact]
    public void A_disposed_store_refuses_further_calls()
    {
        var store = _temp.Open();
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.BeginRun(SampleData.Context()));
        Assert.Throws<ObjectDisposedException>(() => store.GetResults(1));
    }

    [Fact]
    public void A_later_round_of_a_pair_replaces_its_earlier_result_with_its_samples_and_metrics()
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        var first = SampleData.Ok(sampleSeed: 1);
        var extended = SampleData.Ok(sampleSeed: 2);
        var other = SampleData.Ok(sampleSeed: 3) with { Case = first.Case with { Name = "other_op" } };

        store.AddResult(runId, first);
        store.AddResult(runId, other);
        store.AddResult(runId, extended);

        var results = store.GetResults(runId);
        Assert.Equal(2, results.Count);
        Assert.Equal(extended.SamplesNs, results.Single(r => r.Result.Case.Id == first.Case.Id).Result.SamplesNs);
        Assert.Equal(2L, _temp.Scalar<long>("SELECT COUNT(*) FROM result_samples"));
        Assert.Equal(0L, _temp.Scalar<long>("SELECT COUNT(*) FROM result_metrics WHERE result_id NOT IN (SELECT id FROM results)"));
        Assert.Equal(1L, _temp.Scalar<long>("SELECT COUNT(*) FROM devices"));
    }

    [Fact]
    public void Contention_is_stored_with_the_run_and_read_back()
    {
        using var store = _temp.Open();
        var runId = store.BeginRun(SampleData.Context());
        Assert.Null(store.GetRun(runId)!.Contention);

        store.SetContention(runId, new RunContention(BesideAnotherRun: false, OthersCpuMean: 0.4, OthersCpuPeak: 0.9, Samples: 12));

        var contention = store.GetRun(runId)!.Contention!;
        Assert.Equal((false, 0.4, 0.9, 12), (contention.BesideAnotherRun, contention.OthersCpuMean, contention.OthersCpuPeak, contention.Samples));
        Assert.True(contention.Contended);
    }
}
