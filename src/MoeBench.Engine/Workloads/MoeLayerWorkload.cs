using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Reference;
using MoeBench.Core.Results;
using MoeBench.Core.Routing;
using MoeBench.Devices;
using MoeBench.Devices.Layers;

namespace MoeBench.Engine.Workloads;

/// <summary>A whole MoE block of a zoo model (<see cref="LayerDefinition"/>); the case name is the model id (with its scale).</summary>
public sealed class MoeLayerFactory : IWorkloadFactory
{
    public IOpDefinition Definition => OpCatalog.MoeLayer;

    public IWorkload Create(CaseSpec spec, WorkloadContext context) => new MoeLayerWorkload(OpCatalog.MoeLayer.Read(spec), context);
}

internal sealed class MoeLayerWorkload : IProfiledWorkload
{
    private readonly MoeLayerSpec _spec;
    private readonly IDevice _device;
    private readonly SetRotation<MoeLayerExecutor> _sets;
    private (MoeLayerWeights Weights, MoeLayerInputs Inputs)? _set0;

    public MoeLayerWorkload(LayerParams p, WorkloadContext context)
    {
        var spec = _spec = p.Spec(context.Seed);
        _device = context.Device;
        var assignment = p.Assignment(spec, context.Seed);
        var bias = SyntheticRouting.LogitBias(assignment, spec.Tokens, spec.RouterExperts, spec.Model.TopK, spec.Model.Score);
        // Bytes one forward touches, from the sampled routing: the device's gate may route a little differently
        // (group limits), which validation then measures into Cost.
        var touched = LayerDefinition.Cost(spec, SeededRouting.RowsPerExpert(assignment, spec.Model.Experts, spec.Capacity)).Bytes;
        _sets = new SetRotation<MoeLayerExecutor>(context, touched, i =>
        {
            var weights = MoeLayerWeights.Seeded(spec, context.Seed, i);
            var inputs = new MoeLayerInputs(
                SeededInputs.Normal(SeededInputs.For(context.Seed, $"layer.x.{i}"), spec.Tokens * spec.Model.Hidden), bias, assignment);
            _set0 ??= (weights, inputs);
            return new MoeLayerExecutor(context.Device, spec, weights, inputs);
        }, e => e.WorkingSetBytes);
        Tokens = spec.Tokens;
    }

    public OpCost Cost { get; private set; }

    public double Tokens { get; }

    public int Sets => _sets.Count;

    public LoadImbalance? Load { get; private set; }

    public void Invoke(int inputSet) => _sets[inputSet].Forward();

    public LayerProfile Profile(int invocations, double layerMedianNs, TimeProvider time, CancellationToken cancellation)
    {
        var timer = new LayerPhaseTimer(_device, time);
        for (var i = 0; i < invocations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            timer.Start();
            _sets[i % _sets.Count].Forward(timer);
        }

        return timer.Result(layerMedianNs);
    }

    /// <summary>Validates set 0 and, from the routing the device really produced, fixes the cost and load statistics.</summary>
    public ValidationResult Validate()
    {
        var executor = _sets[0];
        executor.Forward();
        var output = executor.ReadOutput();
        var (weights, inputs) = _set0!.Value;
        _set0 = null;
        var expected = ReferenceMoeLayer.Forward(_spec, weights, inputs);
        var assignment = executor.ReadAssignment();
        Load = LoadImbalance.From(assignment, _spec.Model.Experts, _spec.Capacity);
        Cost = LayerDefinition.Cost(_spec, executor.ReadRowsPerExpert());
        return ValidationResult.Compare(output, expected, DType.F32.Tolerance(), "layer output");
    }

    public void Dispose() => _sets.Dispose();
}
