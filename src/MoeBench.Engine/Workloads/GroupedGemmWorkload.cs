using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// <c>grouped_gemm</c>: one GEMM per expert over the rows routed to it (dropless, ragged, empty experts allowed).
/// With a model, <c>proj: up</c> is the fused gate+up projection (hidden → 2·ffn) and <c>proj: down</c> the down
/// projection (ffn → hidden); otherwise <c>k</c> and <c>n</c> give the shape.
/// </summary>
public sealed class GroupedGemmFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "grouped_gemm";

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var p = spec.Params;
        var shape = RoutedShape.From(p, context.Seed);
        var (k, n) = shape.Projection(p);
        return new GroupedGemmWorkload(shape, k, n, context);
    }
}

internal sealed class GroupedGemmWorkload : IWorkload
{
    private readonly int _k, _n, _rows;
    private readonly int[] _offsets, _rowsPerExpert;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private float[]? _a0, _b0;

    public GroupedGemmWorkload(RoutedShape shape, int k, int n, WorkloadContext context)
    {
        (_k, _n, _device) = (k, n, context.Device);
        (_offsets, _) = ReferenceOps.DispatchPlan(shape.Assignment, shape.Experts, int.MaxValue);
        _rows = _offsets[^1];
        _rowsPerExpert = [.. Enumerable.Range(0, shape.Experts).Select(e => _offsets[e + 1] - _offsets[e])];
        Load = LoadImbalance.From(shape.Assignment, shape.Experts);
        Tokens = shape.Tokens;
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var a = SeededInputs.Normal(SeededInputs.For(context.Seed, $"grouped.a.{i}"), _rows * k);
            var b = SeededInputs.Normal(SeededInputs.For(context.Seed, $"grouped.b.{i}"), shape.Experts * k * n, 1f / MathF.Sqrt(k));
            if (i == 0)
            {
                (_a0, _b0) = (a, b);
            }

            var r = new DeviceResources(context.Device);
            return new Set(r, r.Upload(a), r.Upload(_offsets), r.Weights(b, shape.Experts, k, n), r.Allocate<float>(_rows * n));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.GroupedGemm(_rowsPerExpert, _n, _k);

    public double Tokens { get; }

    public int Sets => _sets.Count;

    public LoadImbalance? Load { get; }

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.GroupedGemm(s.A, s.Offsets, s.B, s.C);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var c = _sets[0].Resources.Read(_sets[0].C, _rows * _n);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(_a0), _offsets, Widen.ToDouble(_b0), _n, _k);
        (_a0, _b0) = (null, null);
        return ValidationResult.Compare(c, expected, DType.F32.Tolerance(), "grouped_gemm C");
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(DeviceResources Resources, DeviceBuffer<float> A, DeviceBuffer<int> Offsets, IDeviceWeights B, DeviceBuffer<float> C) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
