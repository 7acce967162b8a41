using System.Text.Json;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Running;
using MoeBench.Engine.Suites;
using MoeBench.Serving;
using MoeBench.Serving.Scenarios;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// The load side end to end with a stand-in engine (the real one is the other half of issue 13): a rate sweep and
/// an offline case run by the unchanged runner into SQLite, read back by <c>results --json --timelines</c> and drawn by
/// <c>report</c>, the overloaded rate INVALID everywhere it shows; a malformed trace stops <c>run</c> with exit 2.
/// </summary>
public sealed class ServingAcceptanceTests
{
    private const string Suite = """
        name: serving-acceptance
        devices: [cpu]
        cases:
          - scenario: server
            params: {rate: [1, 2, 40], min_duration_s: 10, min_queries: 8, warmup: 2, output_lengths: 'fixed:10'}
          - scenario: offline
            params: {min_queries: 8, min_duration_s: 0.1}
        """;

    /// <summary>One request at a time, 10 ms per step by default, one token per step: about 10 req/s at 10 output tokens.</summary>
    private sealed class OneAtATimeEngine(double StepSeconds = 0.01) : IServingEngine
    {
        public int ContextTokens => 1024;

        public DecoderValidation Validate() => new(true, 0, 1e-3, null);

        public ServingOutcome Serve(IReadOnlyList<ServingRequest> requests, IServingClock clock, CancellationToken cancellation)
        {
            var records = new List<RequestRecord>();
            var steps = new List<StepRecord>();
            foreach (var r in requests.OrderBy(r => r.ArrivalSeconds))
            {
                clock.WaitUntil(r.ArrivalSeconds, cancellation);
                var tokens = new List<double>();
                for (var t = 0; t < r.OutputTokens; t++)
                {
                    var start = clock.Now;
                    clock.WaitUntil(start + StepSeconds, cancellation);
                    tokens.Add(clock.Now);
                    steps.Add(new StepRecord(steps.Count, start, clock.Now, t == 0 ? r.PromptTokens : 0, t == 0 ? 0 : 1, 1, requests.Count(q => q.ArrivalSeconds <= clock.Now) - records.Count - 1, 1));
                }

                records.Add(new RequestRecord(r.Id, r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, tokens[0], tokens, tokens[^1], 0, 0, r.Warmup));
            }

            return new ServingOutcome(records, steps, 16, 16, 0, 0, 0);
        }

        public void Dispose()
        {
        }
    }

    private sealed class SimulatedClock : IServingClock
    {
        public double Now { get; private set; }

        public void WaitUntil(double seconds, CancellationToken cancellation) => Now = Math.Max(Now, seconds);
    }

    [Fact]
    public void A_rate_sweep_is_stored_read_back_with_its_records_and_drawn_with_the_overloaded_rate_invalid()
    {
        using var dir = new TempDir();
        var db = dir.File("results.db");
        var suite = SuiteLoader.Parse(Suite, "serving.yaml", scenarios: ServingWiring.Scenarios).Suite!;
        var evaluators = new EvaluatorRegistry([new ServingEvaluator((_, _) => new OneAtATimeEngine(), () => new SimulatedClock())]);
        using (var store = SqliteResultStore.Open(db))
        {
            var runId = store.BeginRun(new RunContext(
                "test", new string('b', 40), "main", false, "host", "linux", ".NET 10", "cpu", 2, "avx2", suite.Name, suite.Hash,
                DateTimeOffset.UtcNow, 1, "", new Dictionary<string, string>()));
            new SuiteRunner(Backends.Registry(), evaluators).Run(
                [.. suite.Cases.Select(c => new PlannedMeasurement(c.Spec, "cpu"))], 1, r => store.AddResult(runId, r), _ => { }, CancellationToken.None);
            store.FinishRun(runId, RunStatus.Complete);
        }

        var json = CliProcess.Run("results", "--run", "latest", "--json", "--timelines", "--db", db);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal(("scenario", "measured", "serving"), (r.GetProperty("level").GetString(), r.GetProperty("provenance").GetString(), r.GetProperty("evaluator").GetString())));
        Assert.Equal(["ok", "ok", "invalid", "ok"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.StartsWith("server_kept_up: ", results[2].GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
        foreach (var id in new[] { "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "itl_p99_ms", "throughput_tok_s", "goodput_req_s", "slo_attainment" })
        {
            Assert.All(results, r => Assert.True(r.GetProperty("metrics").TryGetProperty(id, out _), id));
        }

        var serving = results[0].GetProperty("serving");
        var requests = serving.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(2, requests.Count(r => r.GetProperty("warmup").GetBoolean()));
        Assert.All(requests, r => Assert.Equal(10, r.GetProperty("token_s").GetArrayLength()));
        Assert.NotEmpty(serving.GetProperty("steps").EnumerateArray());

        var outDir = Path.Combine(dir.Path, "report");
        Assert.Equal(0, CliProcess.Run("report", "--run", "latest", "--out", outDir, "--db", db).ExitCode);
        var charts = Directory.GetFiles(outDir, "*.png").Select(Path.GetFileName).ToList();
        Assert.Contains("serving-ttft-throughput.png", charts);
        Assert.Contains("serving-tpot-distribution.png", charts);
        Assert.Equal(4, charts.Count(c => c!.StartsWith("batch-timeline-", StringComparison.Ordinal)));
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("<li id=\"summary-invalid\"><b>1</b>INVALID</li>", html, StringComparison.Ordinal);
        Assert.Contains("INVALID — server_kept_up: ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_gate_judges_serving_runs_on_ttft_and_tpot_passes_an_unchanged_run_and_fails_a_slower_decode_naming_tpot()
    {
        using var dir = new TempDir();
        var db = dir.File("results.db");
        const string Suite = """
            name: serving-gate
            devices: [cpu]
            cases:
              - scenario: server
                params: {rate: [2], min_duration_s: 10, min_queries: 16, warmup: 2, output_lengths: 'fixed:10'}
            """;
        Store(db, Suite, stepSeconds: 0.01);
        Store(db, Suite, stepSeconds: 0.01);
        Store(db, Suite, stepSeconds: 0.013); // every decode step 30% slower, as a slower expert GEMM makes it

        var unchanged = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--db", db, "--out", dir.File("gate-same"));
        var slowed = CliProcess.Run("gate", "--baseline", "1", "--candidate", "3", "--db", db, "--out", dir.File("gate-slow"));

        Assert.True(unchanged.ExitCode == 0, unchanged.Stdout + unchanged.Stderr);
        Assert.Contains("no confirmed regression in 1 compared cases", unchanged.Stdout, StringComparison.Ordinal);
        Assert.True(slowed.ExitCode == 1, slowed.Stdout + slowed.Stderr);
        Assert.Contains("tpot_p50_ms: 1", slowed.Stdout, StringComparison.Ordinal);
        var summary = File.ReadAllText(Path.Combine(dir.File("gate-slow"), "summary.md"));
        Assert.Contains("### `ttft_p50_ms`", summary, StringComparison.Ordinal);
        Assert.Contains("### `tpot_p50_ms`", summary, StringComparison.Ordinal);
        using var compare = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("gate-slow"), "compare.json")));
        var metrics = new[] { compare.RootElement }.Concat(compare.RootElement.GetProperty("other_metrics").EnumerateArray())
            .ToDictionary(m => m.GetProperty("metric").GetProperty("id").GetString()!, m => m.GetProperty("counts").GetProperty("regressed").GetInt32());
        Assert.Equal(1, metrics["tpot_p50_ms"]);
        Assert.False(metrics.ContainsKey("time_per_invocation"), "a scenario has no time per invocation to gate");
    }

    /// <summary>One run of <paramref name="suiteText"/> served by the one-at-a-time engine on the simulated clock.</summary>
    private static void Store(string db, string suiteText, double stepSeconds)
    {
        var suite = SuiteLoader.Parse(suiteText, "serving.yaml", scenarios: ServingWiring.Scenarios).Suite!;
        var evaluators = new EvaluatorRegistry([new ServingEvaluator((_, _) => new OneAtATimeEngine(stepSeconds), () => new SimulatedClock())]);
        using var store = SqliteResultStore.Open(db);
        var runId = store.BeginRun(new RunContext(
            "test", new string('b', 40), "main", false, "host", "linux", ".NET 10", "cpu", 2, "avx2", suite.Name, suite.Hash,
            DateTimeOffset.UtcNow, 1, "", new Dictionary<string, string>()));
        new SuiteRunner(Backends.Registry(), evaluators).Run(
            [.. suite.Cases.Select(c => new PlannedMeasurement(c.Spec, "cpu"))], 1, r => store.AddResult(runId, r), _ => { }, CancellationToken.None);
        store.FinishRun(runId, RunStatus.Complete);
    }

    [Fact]
    public void A_trace_with_a_malformed_line_stops_run_with_exit_2_naming_file_line_and_field_and_writes_nothing()
    {
        using var dir = new TempDir();
        var trace = dir.File("trace.jsonl");
        File.WriteAllText(trace, "{\"timestamp\": 0, \"input_length\": 100, \"output_length\": 5}\n{\"timestamp\": 10, \"input_length\": 100, \"output_length\": \"five\"}\n");
        var suite = dir.File("bad.yaml");
        File.WriteAllText(suite, $"name: bad\ndevices: [cpu]\ncases:\n  - scenario: server\n    params: {{trace: '{trace}'}}\n");
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db);

        Assert.Contains($"{trace}:2: output_length: expected a whole number of tokens ≥ 1, got '\"five\"'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_past_the_models_context_stop_run_with_exit_2_naming_the_line_before_anything_is_written()
    {
        using var dir = new TempDir();
        var suite = dir.File("long.yaml");
        File.WriteAllText(suite, "name: long\ndevices: [cpu]\ncases:\n  - scenario: offline\n    params: {model: olmoe-1b-7b@1/4, prompt_lengths: 'fixed:5000', output_lengths: 'fixed:10'}\n");
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db);

        Assert.StartsWith($"error: {suite}:4: offline ", stderr, StringComparison.Ordinal);
        Assert.Contains("reach 5010 tokens, more than olmoe-1b-7b@1/4's context of 4096", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_of_zero_stops_run_with_exit_2_before_anything_is_written()
    {
        using var dir = new TempDir();
        var suite = dir.File("zero.yaml");
        File.WriteAllText(suite, "name: zero\ndevices: [cpu]\ncases:\n  - scenario: server\n    params: {rate: [1, 0]}\n");
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db);

        Assert.Contains("cases[0].params.rate[1]", stderr, StringComparison.Ordinal);
        Assert.Contains("must be > 0", stderr, StringComparison.Ordinal);
    }
}
