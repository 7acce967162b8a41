using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>permute</c>: dispatch of a model's tokens to its experts, with optional capacity dropping.</summary>
public sealed class PermuteFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "permute";

    public IWorkload Create(CaseSpec spec, WorkloadContext context) =>
        new PermuteWorkload(RoutedShape.From(spec.Params, context.Seed), spec.Params.GetDouble("capacity_factor", 0), context);
}

internal sealed class PermuteWorkload : IWorkload
{
    private readonly RoutedShape _shape;
    private readonly int _hidden, _capacity;
    private readonly int[] _offsets, _slotRow;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private float[]? _x0;

    public PermuteWorkload(RoutedShape shape, double capacityFactor, WorkloadContext context)
    {
        var model = shape.RequireModel();
        (_shape, _hidden, _device) = (shape, model.Hidden, context.Device);
        _capacity = new Core.Layers.MoeLayerSpec(model, shape.Tokens, capacityFactor).Capacity;
        (_offsets, _slotRow) = ReferenceOps.DispatchPlan(shape.Assignment, shape.Experts, _capacity);
        Load = LoadImbalance.From(shape.Assignment, shape.Experts, _capacity);
        var slots = shape.Tokens * shape.TopK;
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var x = SeededInputs.Normal(SeededInputs.For(context.Seed, $"permute.x.{i}"), shape.Tokens * _hidden);
            _x0 ??= x;
            var r = new DeviceResources(context.Device);
            return new Set(r, r.Upload(x), r.Upload(shape.Assignment), r.Allocate<float>(slots * _hidden), r.Allocate<int>(shape.Experts + 1), r.Allocate<int>(slots));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.Permute(_shape.Tokens, _hidden, _shape.TopK, _offsets[^1]);

    public double Tokens => _shape.Tokens;

    public int Sets => _sets.Count;

    public LoadImbalance? Load { get; }

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.Permute(s.X, s.Ids, _shape.Tokens, _shape.TopK, _hidden, _shape.Experts, _capacity, s.Xp, s.Offsets, s.SlotRow);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var s = _sets[0];
        var rows = _offsets[^1];
        var expected = ReferenceOps.Permute(Widen.ToDouble(_x0), _slotRow, rows, _shape.TopK, _hidden);
        _x0 = null;
        return ValidationResult.All(
            ValidationResult.Exact(s.Resources.Read(s.Offsets, _offsets.Length), _offsets, "permute offsets"),
            ValidationResult.Exact(s.Resources.Read(s.SlotRow, _slotRow.Length), _slotRow, "permute slot rows"),
            ValidationResult.Compare(s.Resources.Read(s.Xp, rows * _hidden), expected, 0, "permuted rows"));
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(
        DeviceResources Resources, DeviceBuffer<float> X, DeviceBuffer<int> Ids, DeviceBuffer<float> Xp,
        DeviceBuffer<int> Offsets, DeviceBuffer<int> SlotRow) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
