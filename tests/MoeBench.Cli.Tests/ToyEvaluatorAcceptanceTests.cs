using System.Text.Json;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Running;
using MoeBench.Engine.Suites;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Issue 10's acceptance: a toy evaluator returning a modeled result and a toy scenario metric set are run, stored
/// in a real SQLite file, read back by <c>results --json</c> and drawn by <c>report</c> — registered from here, with
/// no change to the runner, the store or the CLI.
/// </summary>
public sealed class ToyEvaluatorAcceptanceTests
{
    private const string Suite = """
        name: toys
        devices: [cpu]
        cases:
          - kernel: gemm
            params: {m: 64, n: 64, k: 64}
          - scenario: toy_server
            params: {rate: [1, 4]}
        """;

    /// <summary>Predicts a GEMM from a datasheet-like profile (1 TFLOP/s): a modeled result, no samples.</summary>
    private sealed class ToyModeledEvaluator : IEvaluator
    {
        private const double PeakFlops = 1e12;

        public string Name => "toy_modeled";

        public bool Accepts(CaseSpec spec, DeviceInfo device) => spec is { Level: CaseLevel.Kernel, Name: "gemm" };

        public string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info) => null;

        public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
        {
            var p = evaluation.Spec.Params;
            var flops = 2.0 * p.GetInt("m") * p.GetInt("n") * p.GetInt("k");
            return CaseResult.FromMetrics(evaluation.Spec, evaluation.Info, Provenance.Modeled, new(flops, 0), 0,
                [MetricValue.Of(WellKnownMetrics.TimePerInvocation, flops / PeakFlops * 1e9), MetricValue.Of(WellKnownMetrics.Gflops, PeakFlops / 1e9)],
                Name);
        }
    }

    /// <summary>A serving run's summary as the serving engine will report it: percentiles with per-request samples, rates.</summary>
    private sealed class ToyScenarioEvaluator : IEvaluator
    {
        public string Name => "toy_scenario";

        public bool Accepts(CaseSpec spec, DeviceInfo device) => spec.Level == CaseLevel.Scenario;

        public string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info) => null;

        public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
        {
            var rate = evaluation.Spec.Params.GetDouble("rate", 1);
            double[] ttft = [.. Enumerable.Range(0, 9).Select(i => (20 * rate) + i)];
            return CaseResult.FromMetrics(evaluation.Spec, evaluation.Info, Provenance.Measured, default, 0,
            [
                new MetricValue(WellKnownMetrics.TtftP50, ttft[4], new MetricInterval(ttft[2], ttft[6]), ttft),
                MetricValue.Of(WellKnownMetrics.TpotP50, 5 * rate),
                MetricValue.Of(WellKnownMetrics.Goodput, rate * 0.9),
            ], Name);
        }
    }

    [Fact]
    public void A_toy_modeled_evaluator_and_a_toy_scenario_are_stored_read_back_by_results_json_and_drawn_by_report()
    {
        using var dir = new TempDir();
        var db = dir.File("results.db");
        var scenarios = new ScenarioCatalog([new OpSchema("toy_server", [new ParamSpec("rate", ParamKind.Number, Required: true) { Min = 0 }], [])]);
        var suite = SuiteLoader.Parse(Suite, "toys.yaml", scenarios: scenarios).Suite!;
        var evaluators = new EvaluatorRegistry([new ToyModeledEvaluator(), new ToyScenarioEvaluator()]);
        using (var store = SqliteResultStore.Open(db))
        {
            var runId = store.BeginRun(new RunContext(
                "test", new string('a', 40), "main", false, "host", "linux", ".NET 10", "cpu", 2, "avx2", suite.Name, suite.Hash,
                DateTimeOffset.UtcNow, 1, "", new Dictionary<string, string>()));
            new SuiteRunner(Backends.Registry(), evaluators).Run(
                [.. suite.Cases.Select(c => new PlannedMeasurement(c.Spec, "cpu"))], 1, r => store.AddResult(runId, r), _ => { }, CancellationToken.None);
            store.FinishRun(runId, RunStatus.Complete);
        }

        var json = CliProcess.Run("results", "--run", "latest", "--json", "--db", db);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var gemm = results[0];
        Assert.Equal(("modeled", "toy_modeled", "kernel"), (gemm.GetProperty("provenance").GetString(), gemm.GetProperty("evaluator").GetString(), gemm.GetProperty("level").GetString()));
        var time = gemm.GetProperty("metrics").GetProperty("time_per_invocation");
        Assert.Equal(524.288, time.GetProperty("value").GetDouble(), 9);
        Assert.Equal(0, time.GetProperty("sample_count").GetInt32());
        foreach (var (scenario, rate) in results.Skip(1).Zip([1.0, 4.0]))
        {
            Assert.Equal(("scenario", "toy_server", "toy_scenario"), (scenario.GetProperty("level").GetString(), scenario.GetProperty("name").GetString(), scenario.GetProperty("evaluator").GetString()));
            var metrics = scenario.GetProperty("metrics");
            Assert.Equal(["ttft_p50_ms", "tpot_p50_ms", "goodput_req_s"], metrics.EnumerateObject().Select(m => m.Name));
            Assert.Equal((20 * rate) + 4, metrics.GetProperty("ttft_p50_ms").GetProperty("value").GetDouble());
            Assert.Equal(9, metrics.GetProperty("ttft_p50_ms").GetProperty("sample_count").GetInt32());
            Assert.Equal("higher", metrics.GetProperty("goodput_req_s").GetProperty("direction").GetString());
            Assert.Equal(rate * 0.9, metrics.GetProperty("goodput_req_s").GetProperty("value").GetDouble(), 12);
        }

        var outDir = Path.Combine(dir.Path, "report");
        Assert.Equal(0, CliProcess.Run("report", "--run", "latest", "--out", outDir, "--db", db).ExitCode);
        // The modeled kernel has a time, so it is drawn in the device charts (hatched) beside any measured device; the
        // scenario's metrics, which no device chart shows, get a chart each.
        Assert.Equal(
            ["metric-goodput-req-s.png", "metric-tpot-p50-ms.png", "metric-ttft-p50-ms.png"],
            Directory.GetFiles(outDir, "metric-*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetFiles(outDir, "devices-kernel-time-*.png"));
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("ttft_p50_ms (ms, lower is better)", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"summary-modeled\"><b>1</b>modeled</li>", html, StringComparison.Ordinal);
    }
}
