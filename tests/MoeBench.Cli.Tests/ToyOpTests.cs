using MoeBench.Cli;
using MoeBench.Cli.Commands;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Devices.Cpu;
using MoeBench.Engine;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Running;
using MoeBench.Engine.Suites;
using MoeBench.Engine.Workloads;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Adding an op is its definition plus a kernel per backend that runs it. This one (y = α·x) lives in this test
/// assembly only, registered through catalogs the test builds; the suite loader, the cost, the runner, the
/// engine and the store take it without an edit.
/// </summary>
public sealed class ToyOpTests : IDisposable
{
    private const string SuiteYaml = """
        name: toy
        engine: { warmup_ms: 2, target_sample_ms: 1, min_samples: 3, max_samples: 5, min_time_ms: 2, max_time_ms: 20 }
        cases:
          - kernel: toy_scale
            params: { n: [1000, 4099] }
        """;

    private static readonly ScaleDefinition Scale = new();

    private static readonly WorkloadCatalog Workloads = WorkloadCatalog.Default.With(new KernelFactory<ScaleParams>(Scale, (p, _) => new ScaleKernel(p)));

    private readonly string _db = Path.Combine(Path.GetTempPath(), $"moebench-toy-{Guid.NewGuid():N}.db");

    [Fact]
    public void A_toy_op_is_listed_costed_run_and_stored()
    {
        // Listed: the suite schema comes from the definition, defaults filled in.
        var loaded = SuiteLoader.Parse(SuiteYaml, "toy.yaml", Workloads.Ops);
        Assert.Empty(loaded.Errors);
        var suite = loaded.Suite!;
        Assert.Equal(["toy_scale alpha=2 cache=hot dtype=f32 n=1000", "toy_scale alpha=2 cache=hot dtype=f32 n=4099"], suite.Cases.Select(c => c.Spec.Label));

        // Costed before any device is opened.
        var costs = suite.Cases.Select(c => Workloads.Ops.Cost(c.Spec, suite.Settings.Seed)).ToList();
        Assert.Equal([new OpCost(1000, 8000), new OpCost(4099, 8 * 4099)], costs);

        // Run (validated, then measured) by the existing runner and engine on the real cpu device.
        var results = new List<CaseResult>();
        var runner = new SuiteRunner(new DeviceRegistry([new CpuBackend()]), new CaseMeasurer(suite.Settings.PerRound(), Workloads));
        runner.Run([.. suite.Cases.Select(c => new PlannedMeasurement(c.Spec, "cpu"))], suite.Settings.Rounds, results.Add, _ => { }, CancellationToken.None);

        // Stored in SQLite and read back.
        using (var store = SqliteResultStore.Open(_db))
        {
            var runId = store.BeginRun(RunContextFactory.Create(suite, RunSettingsJson.Write(suite), []));
            results.ForEach(r => store.AddResult(runId, r));
            store.FinishRun(runId, RunStatus.Complete);
        }

        using var reopened = SqliteResultStore.Open(_db);
        var stored = reopened.GetResults(reopened.LatestRun()!.Id).Select(s => s.Result).ToList();
        Assert.Equal(suite.Cases.Select(c => c.Spec.Id), stored.Select(r => r.Case.Id));
        Assert.All(stored, r => Assert.True(r.Status == ResultStatus.Ok, r.FailureReason));
        Assert.All(stored, r => Assert.InRange(r.RelativeError!.Value, 0, DType.F32.Tolerance()));
        Assert.Equal(costs, stored.Select(r => r.Cost));
        Assert.All(stored, r => Assert.True(r.SamplesNs.Count > 0 && r.Statistics!.MedianNs > 0));
    }

    [Fact]
    public void The_toy_ops_schema_rejects_bad_parameters_with_their_position()
    {
        var loaded = SuiteLoader.Parse(SuiteYaml.Replace("n: [1000, 4099]", "n: 8, alpha: -1", StringComparison.Ordinal), "toy.yaml", Workloads.Ops);

        var error = Assert.Single(loaded.Errors);
        Assert.Equal(("toy.yaml", 5, "cases[0].params.alpha"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void A_kernel_that_disagrees_with_the_reference_is_failed()
    {
        var wrong = WorkloadCatalog.Default.With(new KernelFactory<ScaleParams>(Scale, (p, _) => new ScaleKernel(p, skew: 1.001f)));
        var spec = new CaseSpec(CaseLevel.Kernel, "toy_scale", new CaseParams([new("n", 64L)]));
        using var device = new CpuDevice();

        var result = new CaseMeasurer(EngineSettings.Default, wrong).Measure(spec, device, CancellationToken.None);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("toy_scale y", result.FailureReason, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_db);

    private sealed record ScaleParams(int N, double Alpha, DType DType, CacheState Cache) : IOpParams;

    /// <summary><c>toy_scale</c>: y = α·x over n floats; one FLOP and eight bytes per element.</summary>
    private sealed class ScaleDefinition() : KernelDefinition<ScaleParams>(
        "toy_scale", [CommonParams.Count("n"), new("alpha", ParamKind.Number, Default: 2.0) { Min = 0, MinExclusive = true }])
    {
        public override ScaleParams Read(CaseSpec spec)
        {
            var v = Values(spec);
            return new(v.Whole("n"), v.Number("alpha"), v.DType("dtype"), v.Cache);
        }

        public override OpCost Cost(ScaleParams p, int seed) => new(p.N, 8.0 * p.N);

        public static double[] Reference(double[] x, ScaleParams p) => [.. x.Select(v => p.Alpha * v)];
    }

    /// <summary>The CPU kernel: the cpu device's buffers are host memory. A <paramref name="skew"/> off 1 makes it wrong.</summary>
    private sealed class ScaleKernel(ScaleParams p, float skew = 1f) : OpKernel<float[], ScaleKernel.Buffers>
    {
        public override float[] Draw(int seed, int index) => Core.Inputs.SeededInputs.Normal(Core.Inputs.SeededInputs.For(seed, $"toy.x.{index}"), p.N);

        public override Buffers Upload(DeviceResources resources, float[] host) => new(resources.Upload(host), resources.Allocate<float>(p.N));

        public override void Invoke(IMoeKernels kernels, Buffers inputs)
        {
            var x = ((CpuBuffer<float>)inputs.X).Span;
            var y = ((CpuBuffer<float>)inputs.Y).Span;
            for (var i = 0; i < x.Length; i++)
            {
                y[i] = (float)p.Alpha * skew * x[i];
            }
        }

        public override ValidationResult Check(DeviceResources resources, Buffers inputs, float[] host) => ValidationResult.Compare(
            resources.Read(inputs.Y, p.N), ScaleDefinition.Reference(Core.Reference.Widen.ToDouble(host), p), DType.F32.Tolerance(), "toy_scale y");

        internal sealed record Buffers(DeviceBuffer<float> X, DeviceBuffer<float> Y);
    }
}
