using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Evaluation;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Running;
using MoeBench.Engine.Tests.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Running;

/// <summary>The runner picks an evaluator per case from a registry and knows none of them.</summary>
public sealed class EvaluatorTests
{
    private static readonly EngineSettings Settings = EngineSettings.Default with
    {
        WarmupTime = TimeSpan.FromMilliseconds(1),
        TargetSampleTime = TimeSpan.FromMilliseconds(1),
        MinSamples = 3,
        MaxSamples = 10,
        MinTime = TimeSpan.FromMilliseconds(5),
        MaxTime = TimeSpan.FromMilliseconds(50),
    };

    private static readonly PlannedMeasurement Kernel =
        new(new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 4L), new("n", 1L), new("k", 1L)])), "fake");

    private static readonly PlannedMeasurement Serving =
        new(new CaseSpec(CaseLevel.Scenario, "toy_serving", new CaseParams([new("rate", 2.0)])), "fake");

    /// <summary>Predicts a scenario's TTFT from its rate: no device work, no samples.</summary>
    private sealed class ToyModeledEvaluator : IEvaluator
    {
        public string Name => "toy_modeled";

        public int Evaluated { get; private set; }

        public bool Accepts(CaseSpec spec, DeviceInfo device) => spec.Level == CaseLevel.Scenario;

        public string? SkipReason(CaseSpec spec, IDevice device, DeviceInfo info) => null;

        public CaseResult Evaluate(EvaluationRequest evaluation, CancellationToken cancellation)
        {
            Evaluated++;
            var rate = evaluation.Spec.Params.GetDouble("rate", 1);
            return CaseResult.FromMetrics(evaluation.Spec, evaluation.Info, Provenance.Modeled, default, 0,
                [MetricValue.Of(WellKnownMetrics.TtftP50, 10 * rate)], "set by the runner");
        }
    }

    private static CaseMeasurer Measurer(FakeClock clock) => new(Settings, new WorkloadCatalog([new FakeFactory(() =>
        new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(true, 1e-7, null)))]), clock);

    [Fact]
    public void Each_case_goes_to_the_evaluator_that_accepts_it_and_its_result_records_that_evaluator()
    {
        var toy = new ToyModeledEvaluator();
        var evaluators = new EvaluatorRegistry([new MeasuredEvaluator(Measurer(new FakeClock())), toy]);
        var runner = new SuiteRunner(new DeviceRegistry([new FakeBackend()]), evaluators);
        var stored = new List<CaseResult>();

        runner.Run([Kernel, Serving], rounds: 2, stored.Add, _ => { }, CancellationToken.None);

        // Two rounds: each pair stored after each round, the second extending the first.
        Assert.Equal(4, stored.Count);
        Assert.Equal(("measured", Provenance.Measured), (stored[2].Evaluator, stored[2].Provenance));
        Assert.NotEmpty(stored[2].SamplesNs);
        var scenario = stored[3];
        Assert.Equal(("toy_modeled", Provenance.Modeled, CaseLevel.Scenario), (scenario.Evaluator, scenario.Provenance, scenario.Case.Level));
        Assert.Empty(scenario.SamplesNs);
        Assert.Equal(20, scenario.Metric("ttft_p50_ms")!.Value);
        Assert.Equal(2, toy.Evaluated); // once per round
    }

    [Fact]
    public void A_case_no_evaluator_accepts_is_skipped_with_the_reason_and_stores_nothing()
    {
        var runner = new SuiteRunner(new DeviceRegistry([new FakeBackend()]), Measurer(new FakeClock()));
        var stored = new List<CaseResult>();
        var progress = new List<RunProgress>();

        runner.Run([Serving], rounds: 1, stored.Add, progress.Add, CancellationToken.None);

        Assert.Empty(stored);
        Assert.Contains(progress, p => p.Skipped == "no evaluator accepts scenario 'toy_serving' on fake");
    }
}
