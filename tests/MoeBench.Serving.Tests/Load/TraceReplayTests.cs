using MoeBench.Serving.Load;

namespace MoeBench.Serving.Tests.Load;

public sealed class TraceReplayTests
{
    private static TraceFile Trace(params TraceRecord[] records) => new("t.jsonl", records, 1e-3, 512);

    [Fact]
    public void Replay_at_k_times_speed_divides_every_arrival_by_k()
    {
        var trace = new TraceFile("t.csv", [new(0, 10, 2, []), new(1.5, 10, 2, []), new(4, 10, 2, [])], 1e-7, 0);

        var requests = new TraceReplay(2, 1).Requests(trace, 3, 0, 4096);

        Assert.Equal([0, 0.75, 2], requests.Select(r => r.ArrivalSeconds));
    }

    [Fact]
    public void Requests_sharing_a_quantised_timestamp_spread_evenly_within_their_quantum_in_file_order()
    {
        var trace = Trace(new(1, 10, 2, []), new(1, 10, 2, []), new(1, 10, 2, []), new(1, 10, 2, []), new(1.001, 10, 2, []));

        var requests = new TraceReplay(1, 1).Requests(trace, 5, 0, 4096);

        Assert.Equal([1, 1.00025, 1.0005, 1.00075, 1.001], requests.Select(r => Math.Round(r.ArrivalSeconds, 12)));
    }

    [Fact]
    public void Lengths_are_scaled_then_clipped_to_the_context_prompt_first()
    {
        var trace = Trace(new(0, 1000, 100, []), new(0.1, 8000, 400, []), new(0.2, 3, 1, []));

        var requests = new TraceReplay(1, 0.25).Requests(trace, 3, 0, 1024);

        Assert.Equal([(250, 25), (1023, 1), (1, 1)], requests.Select(r => (r.PromptTokens, r.OutputTokens)));
        Assert.All(requests, r => Assert.True(r.PromptTokens + r.OutputTokens <= 1024));
    }

    [Fact]
    public void Hash_ids_become_prefix_blocks_scaled_like_the_lengths_and_only_whole_blocks_of_the_clipped_prompt()
    {
        var trace = Trace(new(0, 1536, 10, [7, 8, 9]), new(0.5, 1100, 10, [7, 8, 10]));

        var requests = new TraceReplay(1, 0.125).Requests(trace, 2, 1, 4096);

        Assert.All(requests, r => Assert.Equal(64, r.PrefixBlockTokens));
        Assert.Equal([7L, 8L, 9L], requests[0].PrefixBlockIds);
        Assert.Equal([7L, 8L], requests[1].PrefixBlockIds); // 138 prompt tokens hold two whole 64-token blocks
        Assert.Equal([true, false], requests.Select(r => r.Warmup));
    }

    [Fact]
    public void The_count_grows_past_the_minimum_until_the_measured_arrivals_span_the_minimum_duration()
    {
        var trace = Trace([.. Enumerable.Range(0, 100).Select(i => new TraceRecord(i * 0.5, 10, 2, []))]);
        var replay = new TraceReplay(2, 1);

        Assert.Equal(41, replay.CountFor(trace, 10, 0, 5)); // record 40 arrives at 20 s / 2 = 10 s
        Assert.Equal(45, replay.CountFor(trace, 10, 4, 5)); // measured from record 4 (1 s): record 44 arrives at 11 s
        Assert.Equal(60, replay.CountFor(trace, 10, 0, 60));
        Assert.Equal(100, replay.CountFor(trace, 1000, 0, 5));
    }
}
