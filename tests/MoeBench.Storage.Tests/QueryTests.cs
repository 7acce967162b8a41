using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>The selector and history queries: filters, order, limits and which runs count.</summary>
public sealed class QueryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string Time = WellKnownMetrics.TimePerInvocation.Id;

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FindRuns_filters_by_branch_commit_prefix_and_status_newest_start_first()
    {
        using var store = _temp.Open();
        var a = Run(store, "main", "aaaa1111bbbb", hours: 0, RunStatus.Complete);
        var b = Run(store, "main", "AAAA2222cccc", hours: 2, RunStatus.Failed);
        var c = Run(store, "feature/x", "aaaa1111dddd", hours: 1, RunStatus.Complete);
        var d = Run(store, "main", "ffff0000eeee", hours: 3, RunStatus.Complete);

        Assert.Equal([d, b, c, a], Ids(store.FindRuns(null, null, null, 10)));
        Assert.Equal([d, b, a], Ids(store.FindRuns("main", null, null, 10)));
        Assert.Equal([d, a], Ids(store.FindRuns("main", null, RunStatus.Complete, 10)));
        Assert.Equal([d], Ids(store.FindRuns("main", null, RunStatus.Complete, 1)));
        Assert.Equal([b], Ids(store.FindRuns(null, null, RunStatus.Failed, 10)));

        // Prefixes compare case-insensitively and never as patterns.
        Assert.Equal([b, c, a], Ids(store.FindRuns(null, "aaaa", null, 10)));
        Assert.Equal([c, a], Ids(store.FindRuns(null, "AAAA1111", null, 10)));
        Assert.Empty(store.FindRuns(null, "aaaa%", null, 10));
        Assert.Empty(store.FindRuns(null, "a_aa", null, 10));
        Assert.Empty(store.FindRuns("ma%", null, null, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.FindRuns(null, null, null, 0));
    }

    [Fact]
    public void FindRuns_for_incomplete_includes_running_runs_whose_process_is_gone()
    {
        using var store = _temp.Open();
        var live = store.BeginRun(Context("main", "1234567890", hours: 0));
        var dead = store.BeginRun(Context("main", "1234567891", hours: 1));
        var stopped = Run(store, "main", "1234567892", hours: 2, RunStatus.Incomplete);
        _temp.Execute("UPDATE runs SET pid = @Pid WHERE id = @Id", new { Pid = int.MaxValue - 1, Id = dead });

        Assert.Equal([stopped, dead], Ids(store.FindRuns(null, null, RunStatus.Incomplete, 10)));
        Assert.Equal([stopped], Ids(store.FindRuns(null, null, RunStatus.Incomplete, 1)));
        Assert.Equal([live], Ids(store.FindRuns(null, null, RunStatus.Running, 10)));
    }

    [Fact]
    public void CaseHistory_returns_the_newest_complete_runs_in_time_order_one_ok_point_per_run()
    {
        using var store = _temp.Open();
        var spec = SampleData.LayerCase(tokens: 128);
        var other = SampleData.LayerCase(tokens: 256);
        var result = SampleData.Ok(spec);
        var expected = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            // Started out of id order: history follows start time, not insertion.
            var hours = i == 2 ? 10 : i;
            var runId = store.BeginRun(Context("main", $"c0ffee{i:D4}", hours));
            store.AddResult(runId, ScaledBy(result, 1 + (i / 10.0)));
            store.AddResult(runId, SampleData.Ok(other));
            store.FinishRun(runId, RunStatus.Complete);
            expected.Add(runId);
        }

        var incomplete = store.BeginRun(Context("main", "deadbeef01", hours: 20));
        store.AddResult(incomplete, result);
        store.FinishRun(incomplete, RunStatus.Incomplete);
        var failedCase = store.BeginRun(Context("main", "deadbeef02", hours: 21));
        store.AddResult(failedCase, SampleData.Failed() with { Case = spec, Device = result.Device });
        store.FinishRun(failedCase, RunStatus.Complete);

        var key = result.Device.IdentityKey;
        var history = store.CaseHistory(spec.Id, key, Time, 10);
        Assert.Equal([expected[0], expected[1], expected[3], expected[4], expected[5], expected[2]], history.Select(h => h.RunId));
        Assert.Equal("c0ffee0002", history[^1].GitCommit);
        Assert.Equal("main", history[^1].GitBranch);
        Assert.Equal(T0.AddHours(10), history[^1].StartedUtc);
        Assert.Equal(result.Statistics!.MedianNs * 1.2, history[^1].Value, 6);
        Assert.Equal(result.SamplesNs.Count, history[^1].Samples.Count);

        // The limit keeps the newest, still in time order.
        Assert.Equal([expected[5], expected[2]], store.CaseHistory(spec.Id, key, Time, 2).Select(h => h.RunId));
        Assert.Empty(store.CaseHistory(spec.Id, "0000000000000000", Time, 10));
        Assert.Empty(store.CaseHistory("0000000000000000", key, Time, 10));
    }

    [Fact]
    public void CaseHistory_keeps_the_last_ok_result_when_a_run_measured_the_case_twice()
    {
        using var store = _temp.Open();
        var spec = SampleData.LayerCase(tokens: 64);
        var runId = store.BeginRun(Context("main", "abcdef0123", hours: 0));
        store.AddResult(runId, SampleData.Ok(spec));
        store.AddResult(runId, ScaledBy(SampleData.Ok(spec), 2));
        store.FinishRun(runId, RunStatus.Complete);

        var point = Assert.Single(store.CaseHistory(spec.Id, SampleData.Device().IdentityKey, Time, 5));
        Assert.Equal(SampleData.Ok(spec).Statistics!.MedianNs * 2, point.Value, 6);
    }

    [Fact]
    public void Gate_check_runs_are_neither_history_nor_found_by_selectors_but_read_back_by_id_with_their_purpose()
    {
        using var store = _temp.Open();
        var spec = SampleData.LayerCase(tokens: 32);
        var benchmark = store.BeginRun(Context("main", "aaaa000001", hours: 0));
        store.AddResult(benchmark, SampleData.Ok(spec));
        store.FinishRun(benchmark, RunStatus.Complete);
        var injected = store.BeginRun(Context("main", "aaaa000001", hours: 1) with { Purpose = RunPurpose.GateCheck });
        store.AddResult(injected, ScaledBy(SampleData.Ok(spec), 1.05));
        store.FinishRun(injected, RunStatus.Complete);

        Assert.Equal([benchmark], Ids(store.FindRuns(null, null, null, 10)));
        Assert.Equal([benchmark], Ids(store.FindRuns("main", "aaaa", RunStatus.Complete, 10)));
        Assert.Equal([benchmark], store.CaseHistory(spec.Id, SampleData.Device().IdentityKey, Time, 10).Select(h => h.RunId));
        Assert.Equal(RunPurpose.GateCheck, store.GetRun(injected)!.Context.Purpose);
        Assert.Equal(RunPurpose.Benchmark, store.GetRun(benchmark)!.Context.Purpose);
    }

    private static long[] Ids(IEnumerable<RunRecord> runs) => [.. runs.Select(r => r.Id)];

    private static RunContext Context(string branch, string commit, double hours) =>
        SampleData.Context() with { GitBranch = branch, GitCommit = commit, StartedUtc = T0.AddHours(hours) };

    private static long Run(SqliteResultStore store, string branch, string commit, double hours, RunStatus status)
    {
        var id = store.BeginRun(Context(branch, commit, hours));
        store.FinishRun(id, status);
        return id;
    }

    private static CaseResult ScaledBy(CaseResult result, double factor)
    {
        var samples = result.SamplesNs.Select(s => s * factor).ToArray();
        return result with { SamplesNs = samples, Statistics = Core.Statistics.SampleStatistics.From(samples) };
    }
}
