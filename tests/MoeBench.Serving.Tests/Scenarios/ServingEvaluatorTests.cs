using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Devices.Cpu;
using MoeBench.Engine.Evaluation;
using MoeBench.Serving.Scenarios;

namespace MoeBench.Serving.Tests.Scenarios;

/// <summary>The scenario evaluator against a fake engine on simulated time: no dependency on the real engine.</summary>
public sealed class ServingEvaluatorTests : IDisposable
{
    private readonly IDevice _device = new CpuBackend().Discover().First(d => d.IsAvailable).Open!();

    public void Dispose() => _device.Dispose();

    private (CaseResult Result, FakeEngine Engine, ServingEngineOptions Options) Evaluate(string entry, FakeEngine? engine = null)
    {
        var fake = engine ?? new FakeEngine();
        ServingEngineOptions? options = null;
        var evaluator = new ServingEvaluator((_, o) => { options = o; return fake; }, () => new FakeClock());
        var spec = ScenarioCases.Single(entry);
        Assert.True(evaluator.Accepts(spec, _device.Info));
        var result = evaluator.Evaluate(new EvaluationRequest(spec, _device, _device.Info, null), CancellationToken.None);
        return (result, fake, options!);
    }

    [Fact]
    public void A_server_run_within_capacity_is_a_measured_scenario_result_with_its_metrics_and_timeline()
    {
        var (result, engine, options) = Evaluate("  - scenario: server\n    params: {rate: 5, min_duration_s: 20, min_queries: 50, warmup: 5, layers: 3, kv_cache_mib: 8}\n");

        Assert.Equal((ResultStatus.Ok, Provenance.Measured, "serving"), (result.Status, result.Provenance, result.Evaluator));
        Assert.Equal(CaseLevel.Scenario, result.Case.Level);
        foreach (var id in new[] { "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "itl_p99_ms", "e2e_p99_ms", "throughput_tok_s", "goodput_req_s", "slo_attainment" })
        {
            Assert.NotNull(result.Metric(id));
        }

        Assert.Equal((3, 8L << 20, "olmoe-1b-7b@1/4"), (options.Layers, options.KvCacheBytes, options.Model));
        var requests = Assert.Single(engine.Calls);
        Assert.Equal(requests.Count, result.Serving!.Requests.Count);
        Assert.Equal(5, result.Serving.Requests.Count(r => r.Warmup));
        Assert.NotEmpty(result.Serving.Steps);
        Assert.Equal(1.0, result.Metric("slo_attainment")!.Value);
    }

    [Fact]
    public void The_schedule_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        static IReadOnlyList<ServingRequest> Planned(int seed) =>
            LoadPlan.Requests(ScenarioSettings.Read(ScenarioCases.Single($"  - scenario: server\n    params: {{rate: 2, seed: {seed}}}\n")), 4096);

        Assert.Equal(Planned(3).Select(r => (r.ArrivalSeconds, r.PromptTokens, r.OutputTokens)), Planned(3).Select(r => (r.ArrivalSeconds, r.PromptTokens, r.OutputTokens)));
        Assert.NotEqual(Planned(3).Select(r => r.ArrivalSeconds), Planned(4).Select(r => r.ArrivalSeconds));
    }

    [Fact]
    public void A_server_driven_past_capacity_is_stored_invalid_with_the_rule_it_broke()
    {
        // One request at a time, each about 20 steps of 10 ms: capacity ~5 req/s, offered 20 req/s.
        var (result, _, _) = Evaluate(
            "  - scenario: server\n    params: {rate: 20, min_duration_s: 5, output_lengths: 'fixed:20'}\n", new FakeEngine(maxRunning: 1));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.StartsWith("server_kept_up: ", result.FailureReason, StringComparison.Ordinal);
        Assert.NotEmpty(result.AllMetrics);
    }

    [Fact]
    public void An_offline_run_shorter_than_its_minimum_duration_is_invalid()
    {
        var (result, _, _) = Evaluate("  - scenario: offline\n    params: {min_duration_s: 60, min_queries: 8}\n");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.StartsWith("min_duration: the measured window lasted ", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoder_that_fails_its_float64_check_fails_the_case_before_any_load_runs()
    {
        var engine = new FakeEngine { Validation = new DecoderValidation(false, 0.5, 1e-3, "layer 0 attention") };

        var (result, _, _) = Evaluate("  - scenario: offline\n", engine);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("layer 0 attention", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(engine.Calls);
    }

    [Fact]
    public void Fixed_lengths_longer_than_the_context_fail_with_both_numbers()
    {
        var (result, _, _) = Evaluate("  - scenario: offline\n    params: {prompt_lengths: 'fixed:4000', output_lengths: 'fixed:200'}\n");

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("reach 4200 tokens, more than the model's context of 4096", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_stream_issues_each_query_when_the_previous_one_finished_until_both_minimums_are_met()
    {
        var (result, engine, _) = Evaluate("  - scenario: single_stream\n    params: {min_queries: 5, min_duration_s: 2.95, warmup: 2, output_lengths: 'fixed:10'}\n");

        Assert.All(engine.Calls, call => Assert.Single(call));
        var requests = result.Serving!.Requests;
        Assert.All(requests.Zip(requests.Skip(1)), p => Assert.Equal(p.First.FinishSeconds, p.Second.ArrivalSeconds));
        // Each query takes 10 steps of 10 ms: 2.95 s of measured queries needs 30 of them, more than min_queries.
        Assert.Equal(32, requests.Count);
        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(Enumerable.Range(0, result.Serving.Steps.Count), result.Serving.Steps.Select(s => s.Index));
    }

    [Fact]
    public void A_later_round_returns_the_first_rounds_result_instead_of_serving_again()
    {
        var engine = new FakeEngine();
        var evaluator = new ServingEvaluator((_, _) => engine, () => new FakeClock());
        var spec = ScenarioCases.Single("  - scenario: offline\n");
        var first = evaluator.Evaluate(new EvaluationRequest(spec, _device, _device.Info, null), CancellationToken.None);

        var second = evaluator.Evaluate(new EvaluationRequest(spec, _device, _device.Info, first), CancellationToken.None);

        Assert.Same(first, second);
        Assert.Single(engine.Calls);
    }

    /// <summary>An engine that throws when the run's limit fires, against the contract (it should return what it has).</summary>
    private sealed class ThrowingOnLimitEngine : IServingEngine
    {
        public int ContextTokens => 4096;

        public DecoderValidation Validate() => new(true, 0, 1e-3, null);

        public ServingOutcome Serve(IReadOnlyList<ServingRequest> requests, IServingClock clock, CancellationToken cancellation)
        {
            cancellation.WaitHandle.WaitOne();
            throw new OperationCanceledException(cancellation);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void The_runs_own_time_limit_fails_the_case_while_the_users_cancellation_stops_the_run()
    {
        var evaluator = new ServingEvaluator((_, _) => new ThrowingOnLimitEngine(), () => new FakeClock());
        var spec = ScenarioCases.Single("  - scenario: offline\n    params: {max_duration_s: 0.05}\n");

        var result = evaluator.Evaluate(new EvaluationRequest(spec, _device, _device.Info, null), CancellationToken.None);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("max_duration_s (0.05 s) ended the run", result.FailureReason, StringComparison.Ordinal);
        using var user = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var longer = ScenarioCases.Single("  - scenario: offline\n    params: {max_duration_s: 60}\n");
        Assert.ThrowsAny<OperationCanceledException>(() => evaluator.Evaluate(new EvaluationRequest(longer, _device, _device.Info, null), user.Token));
    }
}
