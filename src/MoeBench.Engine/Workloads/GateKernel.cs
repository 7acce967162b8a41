using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>gate</c>: the model's router on unit-scale hidden states, its logits biased towards the seeded routing.</summary>
internal sealed class GateKernel(GateParams p, int seed) : OpKernel<GateKernel.Host, GateKernel.Set>
{
    private readonly float[] _bias = SyntheticRouting.LogitBias(p.Assignment(seed), p.Tokens, p.Model.Experts, p.Model.TopK, p.Model.Score);
    private readonly Core.Ops.GateSpec _gate = p.Gate;
    private LoadImbalance? _load;

    /// <summary>From the experts the gate chose (group limits can override the sampled routing), known after validation.</summary>
    public override LoadImbalance? Load => _load;

    private int Slots => p.Tokens * p.Model.TopK;

    public override Host Draw(int seed, int index) => new(
        SeededInputs.Normal(SeededInputs.For(seed, $"gate.x.{index}"), p.Tokens * p.Model.Hidden),
        SeededInputs.Normal(SeededInputs.For(seed, $"gate.w.{index}"), p.Model.Hidden * p.Model.Experts, SyntheticRouting.RouterWeightScale(p.Model.Hidden)));

    public override Set Upload(DeviceResources resources, Host host) => new(
        resources.Upload(host.X), resources.Weights(host.Router, 1, p.Model.Hidden, p.Model.Experts), resources.Upload(_bias),
        resources.Allocate<int>(Slots), resources.Allocate<float>(Slots));

    public override void Invoke(IMoeKernels kernels, Set inputs) => kernels.Gate(inputs.X, inputs.Router, inputs.Bias, _gate, p.Tokens, inputs.Ids, inputs.Weights);

    public override ValidationResult Check(DeviceResources resources, Set inputs, Host host)
    {
        var ids = resources.Read(inputs.Ids, Slots);
        var weights = resources.Read(inputs.Weights, Slots);
        var (refIds, refWeights) = GateDefinition.Reference(Widen.ToDouble(host.X), Widen.ToDouble(host.Router), Widen.ToDouble(_bias), p);
        _load = LoadImbalance.From(ids, p.Model.Experts);
        return ValidationResult.All(
            ValidationResult.Exact(ids, refIds, "gate expert ids"),
            ValidationResult.Compare(weights, refWeights, DType.F32.Tolerance(), "gate weights"));
    }

    internal sealed record Host(float[] X, float[] Router);

    internal sealed record Set(DeviceBuffer<float> X, IDeviceWeights Router, DeviceBuffer<float> Bias, DeviceBuffer<int> Ids, DeviceBuffer<float> Weights);
}
