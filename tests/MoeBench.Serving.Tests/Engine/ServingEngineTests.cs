using MoeBench.Devices.Cpu;

namespace MoeBench.Serving.Tests.Engine;

public sealed class ServingEngineTests : IDisposable
{
    private readonly CpuDevice _device = new();

    public void Dispose() => _device.Dispose();

    /// <summary>Seeded mixed lengths arriving over a second, some at the same time.</summary>
    private static List<ServingRequest> Load(int count, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => TinyModel.Request(i, Math.Round(random.NextDouble(), 1), random.Next(1, 40), random.Next(1, 12)))];
    }

    [Fact]
    public void Every_request_finishes_once_with_all_its_tokens_after_its_arrival()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options());
        var requests = Load(30);

        var outcome = engine.Serve(requests, new FakeClock(0.001), CancellationToken.None);

        Assert.Equal(requests.Select(r => r.Id).Order(), outcome.Requests.Select(r => r.Id).Order());
        foreach (var (request, record) in requests.Zip(outcome.Requests))
        {
            Assert.Equal(request.OutputTokens, record.TokenSeconds.Count);
            Assert.NotNull(record.FinishSeconds);
            Assert.True(record.FirstTokenSeconds > request.ArrivalSeconds, $"request {request.Id} answered before it arrived");
            Assert.Equal(record.TokenSeconds.Order(), record.TokenSeconds);
        }

        Assert.Equal(requests.Sum(r => r.OutputTokens), outcome.Steps.Sum(s => s.DecodeTokens) + requests.Count);
    }

    [Fact]
    public void A_step_stays_within_its_token_budget_its_request_limit_and_the_kv_blocks()
    {
        var options = TinyModel.Options(kvBlocks: 40, maxBatchTokens: 24, maxRunning: 5);
        using var engine = TinyModel.Engine(_device, options);

        var outcome = engine.Serve(Load(40), new FakeClock(0.001), CancellationToken.None);

        Assert.All(outcome.Steps, s =>
        {
            Assert.InRange(s.PrefillTokens + s.DecodeTokens, 1, options.MaxBatchTokens);
            Assert.InRange(s.RunningRequests, 1, options.MaxRunningRequests);
            Assert.InRange(s.KvBlocksUsed, 1, outcome.KvBlocksTotal);
        });
        Assert.Equal(40, outcome.KvBlocksTotal);
    }

    [Fact]
    public void A_tight_kv_cache_preempts_the_newest_request_and_every_request_still_finishes()
    {
        // 12 blocks of 4 tokens: two requests of 20 prompt + 12 output tokens cannot both grow to their 8 blocks.
        using var engine = TinyModel.Engine(_device, TinyModel.Options(kvBlocks: 12, maxRunning: 4));
        var requests = Enumerable.Range(0, 4).Select(i => TinyModel.Request(i, 0, 20, 12)).ToList();

        var outcome = engine.Serve(requests, new FakeClock(0.001), CancellationToken.None);

        Assert.True(outcome.Preemptions > 0, "no preemption with a cache too small for the batch");
        Assert.Equal(outcome.Preemptions, outcome.Requests.Sum(r => r.Preemptions));
        Assert.Equal(0, outcome.Requests.Single(r => r.Id == 0).Preemptions);
        Assert.All(outcome.Requests, r => Assert.Equal(12, r.TokenSeconds.Count));
        Assert.All(outcome.Steps, s => Assert.True(s.KvBlocksUsed <= 12));
    }

    [Fact]
    public void Requests_that_share_prefix_ids_reuse_the_cached_blocks()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options());
        ServingRequest[] requests =
        [
            TinyModel.Request(0, 0, 30, 2, 11, 12, 13),
            TinyModel.Request(1, 1, 30, 2, 11, 12, 99),
            TinyModel.Request(2, 2, 30, 2, 55),
        ];

        var outcome = engine.Serve(requests, new FakeClock(0.001), CancellationToken.None);

        // Prefix blocks of 8 tokens over KV blocks of 4: request 1 shares ids 11, 12 = 16 tokens; request 2 shares nothing.
        Assert.Equal([0, 16, 0], outcome.Requests.Select(r => r.PrefixTokensReused));
        Assert.Equal(16, outcome.PrefixTokensHit);
        Assert.Equal(24 + 24 + 8, outcome.PrefixTokensLookedUp);
    }

    [Fact]
    public void The_same_inputs_give_the_same_schedule()
    {
        var options = TinyModel.Options(kvBlocks: 20, maxBatchTokens: 16, maxRunning: 4);
        ServingOutcome Run()
        {
            using var engine = TinyModel.Engine(_device, options);
            return engine.Serve(Load(25, seed: 9), new FakeClock(0.001), CancellationToken.None);
        }

        var (first, second) = (Run(), Run());

        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.Requests.Select(r => (r.Id, r.Preemptions, r.FinishSeconds)), second.Requests.Select(r => (r.Id, r.Preemptions, r.FinishSeconds)));
    }

    [Fact]
    public void An_idle_engine_waits_for_the_next_arrival()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options());
        var clock = new FakeClock(0.001);

        var outcome = engine.Serve([TinyModel.Request(0, 5, 8, 2), TinyModel.Request(1, 50, 8, 2)], clock, CancellationToken.None);

        Assert.Equal(2, clock.Waits);
        Assert.True(outcome.Steps[0].StartSeconds >= 5);
        Assert.Contains(outcome.Steps, s => s.StartSeconds >= 50);
    }

    [Fact]
    public void Without_chunked_prefill_a_prompt_waits_for_a_step_that_holds_it_whole()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options(maxBatchTokens: 32, chunked: false));
        ServingRequest[] requests = [TinyModel.Request(0, 0, 20, 3), TinyModel.Request(1, 0, 20, 3)];

        var outcome = engine.Serve(requests, new FakeClock(0.001), CancellationToken.None);

        Assert.All(outcome.Steps, s => Assert.True(s.PrefillTokens is 0 or 20, $"step {s.Index} prefilled {s.PrefillTokens} tokens"));
        Assert.Throws<ArgumentException>(() => engine.Serve([TinyModel.Request(0, 0, 40, 3)], new FakeClock(0.001), CancellationToken.None));
    }

    [Fact]
    public void Chunked_prefill_splits_a_prompt_longer_than_the_budget()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options(maxBatchTokens: 16));

        var outcome = engine.Serve([TinyModel.Request(0, 0, 40, 3)], new FakeClock(0.001), CancellationToken.None);

        Assert.Equal([16, 16, 8, 0, 0], outcome.Steps.Select(s => s.PrefillTokens));
        Assert.Equal(3, outcome.Requests[0].TokenSeconds.Count);
    }

    [Fact]
    public void Cancellation_returns_the_unfinished_requests_without_a_finish_time()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options(maxRunning: 2));
        using var cancel = new CancellationTokenSource();
        var clock = new FakeClock(0.001, cancelAt: 0.05, cancel);

        var outcome = engine.Serve(Load(20), clock, cancel.Token);

        Assert.Equal(20, outcome.Requests.Count);
        Assert.Contains(outcome.Requests, r => r.FinishSeconds is null);
        Assert.All(outcome.Requests.Where(r => r.FinishSeconds is null), r => Assert.True(r.TokenSeconds.Count < r.OutputTokens));
    }

    [Fact]
    public void A_request_longer_than_the_context_is_refused_before_anything_runs()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options());

        var error = Assert.Throws<ArgumentException>(() => engine.Serve([TinyModel.Request(3, 0, 250, 10)], new FakeClock(0.001), CancellationToken.None));

        Assert.Contains("request 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(256, engine.ContextTokens);
    }
}
