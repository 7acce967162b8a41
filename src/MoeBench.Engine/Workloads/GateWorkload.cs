using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices;

namespace MoeBench.Engine.Workloads;

/// <summary><c>gate</c>: the model's router on unit-scale hidden states, steered by the case's load distribution.</summary>
public sealed class GateFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Kernel;

    public string? Op => "gate";

    public IWorkload Create(CaseSpec spec, WorkloadContext context) => new GateWorkload(RoutedShape.From(spec.Params, context.Seed), context);
}

internal sealed class GateWorkload : IWorkload
{
    private readonly RoutedShape _shape;
    private readonly GateSpec _gate;
    private readonly int _hidden;
    private readonly SetRotation<Set> _sets;
    private readonly IDevice _device;
    private (float[] X, float[] Router, float[] Bias)? _inputs0;

    public GateWorkload(RoutedShape shape, WorkloadContext context)
    {
        var model = shape.RequireModel();
        (_shape, _gate, _hidden, _device) = (shape, GateSpec.For(model), model.Hidden, context.Device);
        var bias = SyntheticRouting.LogitBias(shape.Assignment, shape.Tokens, shape.Experts, shape.TopK, model.Score);
        _sets = new SetRotation<Set>(context, Cost.Bytes, i =>
        {
            var x = SeededInputs.Normal(SeededInputs.For(context.Seed, $"gate.x.{i}"), shape.Tokens * _hidden);
            var router = SeededInputs.Normal(SeededInputs.For(context.Seed, $"gate.w.{i}"), _hidden * shape.Experts, SyntheticRouting.RouterWeightScale(_hidden));
            _inputs0 ??= (x, router, bias);
            var r = new DeviceResources(context.Device);
            return new Set(
                r, r.Upload(x), r.Weights(router, 1, _hidden, shape.Experts), r.Upload(bias),
                r.Allocate<int>(shape.Tokens * shape.TopK), r.Allocate<float>(shape.Tokens * shape.TopK));
        }, s => s.Resources.Bytes);
    }

    public OpCost Cost => CostModel.Gate(_shape.Tokens, _hidden, _shape.Experts, _shape.TopK, withBias: true);

    public double Tokens => _shape.Tokens;

    public int Sets => _sets.Count;

    /// <summary>From the experts the gate chose (group limits can override the sampled routing), known after validation.</summary>
    public LoadImbalance? Load { get; private set; }

    public void Invoke(int inputSet)
    {
        var s = _sets[inputSet];
        _device.Kernels.Gate(s.X, s.Router, s.Bias, _gate, _shape.Tokens, s.Ids, s.Weights);
    }

    public ValidationResult Validate()
    {
        Invoke(0);
        var (x, router, bias) = _inputs0!.Value;
        _inputs0 = null;
        var slots = _shape.Tokens * _shape.TopK;
        var ids = _sets[0].Resources.Read(_sets[0].Ids, slots);
        var weights = _sets[0].Resources.Read(_sets[0].Weights, slots);
        var (refIds, refWeights) = ReferenceOps.Gate(Widen.ToDouble(x), Widen.ToDouble(router), Widen.ToDouble(bias), _gate, _shape.Tokens, _hidden);
        Load = LoadImbalance.From(ids, _shape.Experts);
        return ValidationResult.All(
            ValidationResult.Exact(ids, refIds, "gate expert ids"),
            ValidationResult.Compare(weights, refWeights, DType.F32.Tolerance(), "gate weights"));
    }

    public void Dispose() => _sets.Dispose();

    private sealed record Set(
        DeviceResources Resources, DeviceBuffer<float> X, IDeviceWeights Router, DeviceBuffer<float> Bias,
        DeviceBuffer<int> Ids, DeviceBuffer<float> Weights) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
