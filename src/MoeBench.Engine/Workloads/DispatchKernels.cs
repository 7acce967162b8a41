using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary>The seeded routing of a dispatch case and its plan: where each kept (token, slot) lands.</summary>
internal sealed record DispatchRouting(int[] Assignment, int Capacity, int[] Offsets, int[] SlotRow, LoadImbalance Load)
{
    public static DispatchRouting For(DispatchParams p, int seed)
    {
        var assignment = p.Assignment(seed);
        var capacity = p.Capacity;
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(assignment, p.Model.Experts, capacity);
        return new(assignment, capacity, offsets, slotRow, LoadImbalance.From(assignment, p.Model.Experts, capacity));
    }

    public int Rows => Offsets[^1];
}

/// <summary><c>permute</c>: dispatch of a model's tokens to its experts, with optional capacity dropping.</summary>
internal sealed class PermuteKernel(DispatchParams p, int seed) : OpKernel<float[], PermuteKernel.Set>
{
    private readonly DispatchRouting _plan = DispatchRouting.For(p, seed);

    public override LoadImbalance? Load => _plan.Load;

    public override float[] Draw(int seed, int index) => SeededInputs.Normal(SeededInputs.For(seed, $"permute.x.{index}"), p.Tokens * p.Model.Hidden);

    public override Set Upload(DeviceResources resources, float[] host)
    {
        var slots = p.Tokens * p.Model.TopK;
        return new(
            resources.Upload(host), resources.Upload(_plan.Assignment), resources.Allocate<float>(slots * p.Model.Hidden),
            resources.Allocate<int>(p.Model.Experts + 1), resources.Allocate<int>(slots));
    }

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.Permute(
        inputs.X, inputs.Ids, p.Tokens, p.Model.TopK, p.Model.Hidden, p.Model.Experts, _plan.Capacity, inputs.Xp, inputs.Offsets, inputs.SlotRow);

    public override ValidationResult Check(DeviceResources resources, Set inputs, float[] host)
    {
        var expected = PermuteDefinition.Reference(Widen.ToDouble(host), _plan.SlotRow, _plan.Rows, p);
        return ValidationResult.All(
            ValidationResult.Exact(resources.Read(inputs.Offsets, _plan.Offsets.Length), _plan.Offsets, "permute offsets"),
            ValidationResult.Exact(resources.Read(inputs.SlotRow, _plan.SlotRow.Length), _plan.SlotRow, "permute slot rows"),
            ValidationResult.Compare(resources.Read(inputs.Xp, _plan.Rows * p.Model.Hidden), expected, 0, "permuted rows"));
    }

    internal sealed record Set(DeviceBuffer<float> X, DeviceBuffer<int> Ids, DeviceBuffer<float> Xp, DeviceBuffer<int> Offsets, DeviceBuffer<int> SlotRow);
}

/// <summary><c>unpermute</c>: weighted combine of expert output rows back into token order.</summary>
internal sealed class UnpermuteKernel(DispatchParams p, int seed) : OpKernel<UnpermuteKernel.Host, UnpermuteKernel.Set>
{
    private readonly DispatchRouting _plan = DispatchRouting.For(p, seed);
    private readonly CombineSpec _combine = new(p.Model.Experts);

    public override LoadImbalance? Load => _plan.Load;

    public override Host Draw(int seed, int index) => new(
        SeededInputs.Normal(SeededInputs.For(seed, $"unpermute.yp.{index}"), _plan.Rows * p.Model.Hidden),
        SeededInputs.Uniform(SeededInputs.For(seed, $"unpermute.w.{index}"), p.Tokens * p.Model.TopK, 0.05f, 1f),
        SeededInputs.Normal(SeededInputs.For(seed, $"unpermute.x.{index}"), p.Tokens * p.Model.Hidden));

    public override Set Upload(DeviceResources resources, Host host) => new(
        resources.Upload(host.Yp), resources.Upload(_plan.SlotRow), resources.Upload(_plan.Assignment), resources.Upload(host.Weights),
        resources.Upload(host.X), resources.Allocate<float>(1), resources.Allocate<float>(p.Tokens * p.Model.Hidden));

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.Unpermute(
        inputs.Yp, inputs.SlotRow, inputs.Ids, inputs.Weights, inputs.X, inputs.Constants, _combine, p.Tokens, p.Model.TopK, p.Model.Hidden, inputs.Y, accumulate: false);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host)
    {
        var expected = UnpermuteDefinition.Reference(
            Widen.ToDouble(host.Yp), _plan.SlotRow, _plan.Assignment, Widen.ToDouble(host.Weights), Widen.ToDouble(host.X), p);
        return ValidationResult.Compare(resources.Read(inputs.Y, p.Tokens * p.Model.Hidden), expected, DType.F32.Tolerance(), "unpermute output");
    }

    internal sealed record Host(float[] Yp, float[] Weights, float[] X);

    internal sealed record Set(
        DeviceBuffer<float> Yp, DeviceBuffer<int> SlotRow, DeviceBuffer<int> Ids, DeviceBuffer<float> Weights, DeviceBuffer<float> X,
        DeviceBuffer<float> Constants, DeviceBuffer<float> Y);
}
