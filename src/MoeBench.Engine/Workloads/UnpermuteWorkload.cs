using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>unpermute</c>: weighted combine of expert output rows back into token order.</summary>
public sealed class UnpermuteFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "unpermute";

    public IWorkload Create(CaseSpec spec, WorkloadContext context) =>
        new UnpermuteWorkload(RoutedShape.From(spec.Params, context.Seed), spec.Params.GetDouble("capacity_factor", 0), context);
}

internal sealed class UnpermuteWorkload : IWorkload
{
    private readonly RoutedShape _shape;
    private readonly int _hidden, _rows;
    private readonly int[] _slotRow;
    private readonly CombineSpec _combine;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private (float[] Yp, float[] Weights, float[] X)? _inputs0;

    public UnpermuteWorkload(RoutedShape shape, double capacityFactor, WorkloadContext context)
    {
        var model = shape.RequireModel();
        (_shape, _hidden, _device, _combine) = (shape, model.Hidden, context.Device, new CombineSpec(shape.Experts));
        var capacity = new Core.Layers.MoeLayerSpec(model, shape.Tokens, capacityFactor).Capacity;
        int[] offsets;
        (offsets, _slotRow) = ReferenceOps.DispatchPlan(shape.Assignment, shape.Experts, capacity);
        _rows = offsets[^1];
        Load = LoadImbalance.From(shape.Assignment, shape.Experts, capacity);
        var slots = shape.Tokens * shape.TopK;
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var yp = SeededInputs.Normal(SeededInputs.For(context.Seed, $"unpermute.yp.{i}"), _rows * _hidden);
            var weights = SeededInputs.Uniform(SeededInputs.For(context.Seed, $"unpermute.w.{i}"), slots, 0.05f, 1f);
            var x = SeededInputs.Normal(SeededInputs.For(context.Seed, $"unpermute.x.{i}"), shape.Tokens * _hidden);
            _inputs0 ??= (yp, weights, x);
            var r = new DeviceResources(context.Device);
            return new Set(
                r, r.Upload(yp), r.Upload(_slotRow), r.Upload(shape.Assignment), r.Upload(weights), r.Upload(x),
                r.Allocate<float>(1), r.Allocate<float>(shape.Tokens * _hidden));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.Unpermute(_shape.Tokens, _hidden, _shape.TopK, _rows, accumulate: false);

    public double Tokens => _shape.Tokens;

    public int Sets => _sets.Count;

    public LoadImbalance? Load { get; }

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.Unpermute(s.Yp, s.SlotRow, s.Ids, s.Weights, s.X, s.Constants, _combine, _shape.Tokens, _shape.TopK, _hidden, s.Y, accumulate: false);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var (yp, weights, x) = _inputs0!.Value;
        _inputs0 = null;
        var expected = ReferenceOps.Unpermute(
            Widen.ToDouble(yp), _slotRow, _shape.Assignment, Widen.ToDouble(weights), Widen.ToDouble(x), [], _combine,
            _shape.Tokens, _shape.TopK, _hidden);
        var y = _sets[0].Resources.Read(_sets[0].Y, _shape.Tokens * _hidden);
        return ValidationResult.Compare(y, expected, DType.F32.Tolerance(), "unpermute output");
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(
        DeviceResources Resources, DeviceBuffer<float> Yp, DeviceBuffer<int> SlotRow, DeviceBuffer<int> Ids,
        DeviceBuffer<float> Weights, DeviceBuffer<float> X, DeviceBuffer<float> Constants, DeviceBuffer<float> Y) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
