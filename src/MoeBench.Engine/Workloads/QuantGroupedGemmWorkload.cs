using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// <c>quant_grouped_gemm</c>: <c>grouped_gemm</c>'s shapes and routing with every expert stored as
/// <c>weight_dtype</c> (bf16, int8 per-channel, int4 with <c>group_size</c>). The fp32 weights are drawn exactly
/// as grouped_gemm draws them, quantized once at load (not timed), and the result is validated against the
/// float64 product with the dequantized weights at the fp32 tolerance: the kernel's arithmetic, not the format's
/// precision, is what is checked. A device that also rounds the activations (the CPU's integer dot products round
/// them to int16 per 32-k block) must stay inside that tolerance too.
/// </summary>
public sealed class QuantGroupedGemmFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "quant_grouped_gemm";

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var p = spec.Params;
        var shape = RoutedShape.From(p, context.Seed);
        var (k, n) = shape.Projection(p);
        var dtype = DTypeNames.TryParse(p.GetString("weight_dtype"), out var d)
            ? d
            : throw new ArgumentException($"unknown weight_dtype '{p.GetString("weight_dtype")}'");
        return new QuantGroupedGemmWorkload(shape, k, n, WeightFormat.Of(dtype, p.GetInt("group_size", 0)), context);
    }
}

internal sealed class QuantGroupedGemmWorkload : IWorkload
{
    private readonly int _k, _n, _rows;
    private readonly int[] _offsets, _rowsPerExpert;
    private readonly WeightFormat _format;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private float[]? _a0;
    private QuantizedMatrix[]? _b0;

    public QuantGroupedGemmWorkload(RoutedShape shape, int k, int n, WeightFormat format, WorkloadContext context)
    {
        (_k, _n, _format, _device) = (k, n, format, context.Device);
        (_offsets, _) = ReferenceOps.DispatchPlan(shape.Assignment, shape.Experts, int.MaxValue);
        _rows = _offsets[^1];
        _rowsPerExpert = [.. Enumerable.Range(0, shape.Experts).Select(e => _offsets[e + 1] - _offsets[e])];
        Load = LoadImbalance.From(shape.Assignment, shape.Experts);
        Tokens = shape.Tokens;
        var formats = Enumerable.Repeat(format, shape.Experts).ToArray();
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            // The same seeds as grouped_gemm: the fp32 and low-precision cases multiply the same matrices.
            var a = SeededInputs.Normal(SeededInputs.For(context.Seed, $"grouped.a.{i}"), _rows * k);
            var b = SeededInputs.Normal(SeededInputs.For(context.Seed, $"grouped.b.{i}"), shape.Experts * k * n, 1f / MathF.Sqrt(k));
            var quantized = QuantizedMatrix.QuantizeGroups(b, shape.Experts, k, n, formats);
            if (i == 0)
            {
                (_a0, _b0) = (a, quantized);
            }

            var r = new DeviceResources(context.Device);
            return new Set(r, r.Upload(a), r.Upload(_offsets), r.QuantizedWeights(quantized), r.Allocate<float>(_rows * n));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.QuantGroupedGemm(_rowsPerExpert, _n, _k, _format);

    public double Tokens { get; }

    public int Sets => _sets.Count;

    public LoadImbalance? Load { get; }

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.QuantGroupedGemm(s.A, s.Offsets, s.B, s.C);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var c = _sets[0].Resources.Read(_sets[0].C, _rows * _n);
        var expected = ReferenceOps.QuantGroupedGemm(Widen.ToDouble(_a0), _offsets, _b0!);
        (_a0, _b0) = (null, null);
        return ValidationResult.Compare(c, expected, DType.F32.Tolerance(), $"quant_grouped_gemm ({_format}) C");
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(DeviceResources Resources, DeviceBuffer<float> A, DeviceBuffer<int> Offsets, IDeviceWeights B, DeviceBuffer<float> C) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
