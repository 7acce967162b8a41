using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Core.Results;
using MoeBench.Core.Routing;
using MoeBench.Devices;
using MoeBench.Devices.Layers;

namespace MoeBench.Engine.Workloads;

/// <summary>A whole MoE block of a zoo model; the case name is the model id (with its scale).</summary>
public sealed class MoeLayerFactory : IWorkloadFactory
{
    public CaseLevel Level => CaseLevel.Layer;

    public string? Op => null;

    public IWorkload Create(CaseSpec spec, WorkloadContext context)
    {
        var p = spec.Params;
        var model = ModelZoo.Get(spec.Name);
        var routing = LoadDistribution.Parse(p.GetString("routing", "uniform"));
        var layer = new MoeLayerSpec(
            model,
            p.GetInt("tokens"),
            p.GetDouble("capacity_factor", 0),
            p.GetInt("zero_experts", 0),
            p.GetInt("copy_experts", 0),
            p.GetInt("const_experts", 0));
        return new MoeLayerWorkload(layer with { Precision = Precision(p, layer, routing, context.Seed) }, routing, context);
    }

    /// <summary>
    /// <c>weight_dtype</c> for routed experts; with <c>hot_experts: N</c> the N experts the routing distribution
    /// loads most, and the shared experts, in <c>hot_dtype</c> (f32 by default). Null when every weight is f32.
    /// </summary>
    private static LayerPrecision? Precision(CaseParams p, MoeLayerSpec layer, LoadDistribution routing, int seed)
    {
        var groupSize = p.GetInt("group_size", 0);
        var routed = WeightFormat.Of(Dtype(p, "weight_dtype"), groupSize);
        var hot = WeightFormat.Of(Dtype(p, "hot_dtype"), groupSize);
        var hotExperts = p.GetInt("hot_experts", 0);
        if (hotExperts > layer.Model.Experts)
        {
            throw new ArgumentException($"hot_experts ({hotExperts}) exceeds the {layer.Model.Experts} experts of {layer.Model.Id}");
        }

        if (routed == WeightFormat.F32 && (hotExperts == 0 || hot == WeightFormat.F32))
        {
            return null;
        }

        // The same seeded stream the routing sample starts from, so the hot experts are the ones it favours.
        var popularity = routing.Popularity(layer.RouterExperts, SeededInputs.For(seed, "routing"));
        return LayerPrecision.Plan(routed, hotExperts > 0 ? hot : WeightFormat.F32, hotExperts, popularity.AsSpan(0, layer.Model.Experts));
    }

    private static DType Dtype(CaseParams p, string key) =>
        DTypeNames.TryParse(p.GetString(key, "f32"), out var d) ? d : throw new ArgumentException($"unknown {key} '{p.GetString(key)}'");
}

internal sealed class MoeLayerWorkload : IProfiledWorkload
{
    private readonly MoeLayerSpec _spec;
    private readonly IDevice _device;
    private readonly SetRotation<MoeLayerExecutor> _sets;
    private (MoeLayerWeights Weights, MoeLayerInputs Inputs)? _set0;

    public MoeLayerWorkload(MoeLayerSpec spec, LoadDistribution routing, WorkloadContext context)
    {
        _spec = spec;
        _device = context.Device;
        if (spec.Model.Groups > 1 && spec.RouterExperts != spec.Model.Experts)
        {
            throw new ArgumentException($"{spec.Model.Id}: group-limited routing cannot be combined with zero-computation experts");
        }

        var assignment = routing.Sample(spec.Tokens, spec.RouterExperts, spec.Model.TopK, SeededInputs.For(context.Seed, "routing"));
        var bias = SyntheticRouting.LogitBias(assignment, spec.Tokens, spec.RouterExperts, spec.Model.TopK, spec.Model.Score);
        // Bytes one forward touches, from the sampled routing: the device's gate may route a little differently
        // (group limits), which validation then measures into Cost.
        var (plannedOffsets, _) = ReferenceOps.DispatchPlan(assignment, spec.Model.Experts, spec.Capacity);
        var touched = LayerCost([.. Enumerable.Range(0, spec.Model.Experts).Select(e => plannedOffsets[e + 1] - plannedOffsets[e])]).Bytes;
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

    public LayerProfile Profile(int invocations, TimeProvider time, CancellationToken cancellation)
    {
        var timer = new LayerPhaseTimer(_device, time);
        for (var i = 0; i < invocations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            timer.Start();
            _sets[i % _sets.Count].Forward(timer);
        }

        return timer.Result();
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
        Cost = LayerCost(executor.ReadRowsPerExpert());
        return ValidationResult.Compare(output, expected, DType.F32.Tolerance(), "layer output");
    }

    private OpCost LayerCost(int[] rowsPerExpert)
    {
        var m = _spec.Model;
        var (t, h, f, k) = ((long)_spec.Tokens, m.Hidden, m.ExpertFfn, m.TopK);
        long kept = rowsPerExpert.Sum();
        var cost = CostModel.RmsNorm(t, h)
            + CostModel.Gate(t, h, _spec.RouterExperts, k, withBias: true)
            + CostModel.Permute(t, h, k, kept)
            + ExpertGemm(rowsPerExpert, 2 * f, h)
            + CostModel.Swiglu(kept, f)
            + ExpertGemm(rowsPerExpert, h, f)
            + CostModel.Unpermute(t, h, k, kept, accumulate: m.SharedFfn > 0);
        if (m.SharedFfn > 0)
        {
            cost += SharedGemm(t, 2 * m.SharedFfn, h) + CostModel.Swiglu(t, m.SharedFfn) + SharedGemm(t, h, m.SharedFfn);
        }

        return cost;
    }

    private OpCost ExpertGemm(int[] rowsPerExpert, long n, long k) => _spec.Precision is { } p
        ? CostModel.QuantGroupedGemm(rowsPerExpert, n, k, [.. p.Experts])
        : CostModel.GroupedGemm(rowsPerExpert, n, k);

    private OpCost SharedGemm(long tokens, long n, long k) => _spec.Precision is { Shared.DType: not DType.F32 } p
        ? CostModel.QuantGroupedGemm([checked((int)tokens)], n, k, p.Shared)
        : CostModel.Gemm(tokens, n, k);

    public void Dispose() => _sets.Dispose();
}
