using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Devices.Cpu;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Measurement;

/// <summary>The real engine on the real CPU device, with tiny shapes and budgets.</summary>
public sealed class RealCpuMeasurementTests
{
    private static readonly EngineSettings Fast = EngineSettings.Default with
    {
        WarmupTime = TimeSpan.FromMilliseconds(5),
        TargetSampleTime = TimeSpan.FromMilliseconds(1),
        MinSamples = 3,
        MaxSamples = 10,
        MinTime = TimeSpan.FromMilliseconds(5),
        MaxTime = TimeSpan.FromMilliseconds(50),
    };

    private static CaseSpec Case(CaseLevel level, string name, params (string Key, object Value)[] p) =>
        new(level, name, new CaseParams(p.Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value))));

    public static TheoryData<CaseSpec> EveryKindOfCase => new()
    {
        Case(CaseLevel.Kernel, "gemm", ("m", 33L), ("n", 17L), ("k", 7L)),
        Case(CaseLevel.Kernel, "grouped_gemm", ("tokens", 7L), ("model", "olmoe-1b-7b@1/16"), ("proj", "down"), ("routing", "zipf:1.2")),
        Case(CaseLevel.Kernel, "grouped_gemm", ("tokens", 5L), ("experts", 4L), ("top_k", 2L), ("k", 33L), ("n", 7L), ("routing", "hot:1")),
        Case(CaseLevel.Kernel, "quant_grouped_gemm", ("tokens", 5L), ("experts", 4L), ("top_k", 2L), ("k", 33L), ("n", 7L), ("routing", "hot:1"), ("weight_dtype", "int4"), ("group_size", 32L)),
        Case(CaseLevel.Kernel, "quant_grouped_gemm", ("tokens", 7L), ("model", "olmoe-1b-7b@1/16"), ("proj", "down"), ("weight_dtype", "int8"), ("cache", "cold")),
        Case(CaseLevel.Kernel, "gate", ("tokens", 33L), ("model", "deepseek-v3@1/32"), ("routing", "uniform")),
        Case(CaseLevel.Kernel, "permute", ("tokens", 33L), ("model", "olmoe-1b-7b@1/16"), ("routing", "hot:2"), ("capacity_factor", 1.0)),
        Case(CaseLevel.Kernel, "unpermute", ("tokens", 7L), ("model", "olmoe-1b-7b@1/16"), ("routing", "uniform")),
        Case(CaseLevel.Kernel, "swiglu", ("rows", 7L), ("ffn", 33L)),
        Case(CaseLevel.Kernel, "rmsnorm", ("rows", 7L), ("hidden", 33L), ("cache", "cold")),
        Case(CaseLevel.Kernel, "attention_decode", ("batch", 3L), ("context", 37L), ("heads", 6L), ("kv_heads", 2L), ("head_dim", 12L), ("block_tokens", 8L)),
        Case(CaseLevel.Kernel, "attention_decode", ("batch", 2L), ("context", 70L), ("model", "qwen3-30b-a3b@1/8"), ("cache", "cold")),
        Case(CaseLevel.Kernel, "attention_prefill", ("tokens", 9L), ("context", 41L), ("model", "mixtral-8x7b@1/8")),
        Case(CaseLevel.Layer, "qwen1.5-moe-a2.7b@1/16", ("tokens", 7L), ("routing", "zipf:1.2")),
        Case(CaseLevel.Layer, "olmoe-1b-7b@1/16", ("tokens", 33L), ("zero_experts", 2L), ("copy_experts", 1L), ("const_experts", 1L)),
        Case(CaseLevel.Layer, "olmoe-1b-7b@1/16", ("tokens", 7L), ("weight_dtype", "int4"), ("group_size", 32L)),
        Case(CaseLevel.Layer, "qwen1.5-moe-a2.7b@1/16", ("tokens", 7L), ("routing", "zipf:1.2"), ("weight_dtype", "int8"), ("hot_experts", 4L), ("hot_dtype", "bf16")),
    };

    [Theory]
    [MemberData(nameof(EveryKindOfCase))]
    public void Every_kind_of_case_validates_and_measures_on_the_cpu(CaseSpec spec)
    {
        using var device = new CpuDevice();
        var result = new CaseMeasurer(Fast, WorkloadCatalog.Default).Measure(spec, device, CancellationToken.None);

        Assert.True(result.Status == ResultStatus.Ok, $"{spec.Label}: {result.FailureReason}");
        Assert.Equal(Provenance.Measured, result.Provenance);
        Assert.InRange(result.RelativeError!.Value, 0, 1e-4);
        Assert.True(result.Statistics!.MedianNs > 0);
        Assert.True(result.Metrics!.Gbps > 0);
        Assert.True(result.Cost.Bytes > 0);

        // The cost known before any device opened is the one measured: the definition draws the workload's routing.
        Assert.Equal(OpCatalog.Default.For(spec).Cost(spec, Fast.Seed), result.Cost);
        if (spec.Level == CaseLevel.Layer)
        {
            // Every phase of the forward, in order, each timed; the expert GEMMs marked as such. fp32 experts on the CPU
            // run fused (the permute only plans, the up-projection gathers its rows and applies SwiGLU); quantized
            // experts run op by op.
            var profile = result.Profile!;
            var names = profile.Phases.Select(p => p.Name).ToList();
            string[] expected = spec.Params.TryGetValue("weight_dtype", out var dtype) && !"f32".Equals(dtype)
                ? ["norm", "gate", "permute", "experts_up", "swiglu", "experts_down"]
                : ["norm", "gate", "permute", "experts_up+swiglu", "experts_down"];
            Assert.Equal(expected, names.Take(expected.Length));
            Assert.Equal("combine", names[^1]);
            Assert.Equal(spec.Name.StartsWith("qwen1.5", StringComparison.Ordinal), names.Contains("shared_up"));
            Assert.All(profile.Phases, p => Assert.True(p.MedianNs > 0, p.Name));
            Assert.All(profile.Phases, p => Assert.Equal(p.Name.Contains("_up", StringComparison.Ordinal) || p.Name.EndsWith("_down", StringComparison.Ordinal), p.IsGemm));
            Assert.InRange(profile.NonGemmShare, 0.0, 1.0);

            // The phases split the layer's median: they add up to it, so no phase can outgrow the whole.
            Assert.Equal(result.Statistics!.MedianNs, profile.TotalNs, result.Statistics.MedianNs * 1e-9);
        }
        else
        {
            Assert.Null(result.Profile);
        }
    }

    [Fact]
    public void A_kernel_that_computes_wrong_results_is_failed_not_timed()
    {
        using var device = new OffByOneGemmDevice(new CpuDevice());
        var spec = Case(CaseLevel.Kernel, "gemm", ("m", 7L), ("n", 33L), ("k", 17L));

        var result = new CaseMeasurer(Fast, WorkloadCatalog.Default).Measure(spec, device, CancellationToken.None);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("gemm C", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(result.SamplesNs);
        Assert.Equal(1, device.GemmCalls);
    }

    /// <summary>Delegates to a real device but adds one to the first output of every GEMM.</summary>
    private sealed class OffByOneGemmDevice(IDevice inner) : DelegatingDevice(inner), IMoeKernels
    {
        public int GemmCalls { get; private set; }

        public override IMoeKernels Kernels => this;

        public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
        {
            GemmCalls++;
            Inner.Kernels.Gemm(a, b, c, m, accumulate);
            var values = new float[c.Length];
            Inner.Download(c, values);
            values[0] += 1;
            Inner.Upload<float>(values, c);
        }

        public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) => throw new NotSupportedException();

        public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) => throw new NotSupportedException();

        public void Gate(DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens, DeviceBuffer<int> ids, DeviceBuffer<float> weights) => throw new NotSupportedException();

        public void Permute(DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity, DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow) => throw new NotSupportedException();

        public void Unpermute(DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights, DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden, DeviceBuffer<float> y, bool accumulate) => throw new NotSupportedException();

        public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output) => throw new NotSupportedException();

        public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y) => throw new NotSupportedException();
    }
}
