using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Quant;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>One phase of a layer forward (one kernel) and its work.</summary>
public sealed record LayerPhaseCost(string Name, OpCost Cost, bool IsGemm);

/// <param name="Routed">The routed experts' format (<c>weight_dtype</c>; fp32 when the case names none).</param>
/// <param name="Hot">The format of the <paramref name="HotExperts"/> most loaded experts and the shared ones (<c>hot_dtype</c>).</param>
public sealed record LayerParams(
    ModelConfig Model, int Tokens, LoadDistribution Routing, double CapacityFactor, int ZeroExperts, int CopyExperts, int ConstExperts,
    DType DType, CacheState Cache, WeightFormat Routed, WeightFormat Hot, int HotExperts) : IOpParams
{
    /// <summary>
    /// The layer with its precision plan: with <c>hot_experts: N</c> the N experts the routing distribution loads
    /// most, and the shared experts, in <see cref="Hot"/>. The plan depends on the seed, as the routing does.
    /// </summary>
    public MoeLayerSpec Spec(int seed)
    {
        var layer = new MoeLayerSpec(Model, Tokens, CapacityFactor, ZeroExperts, CopyExperts, ConstExperts);
        if (HotExperts > Model.Experts)
        {
            throw new ArgumentException($"hot_experts ({HotExperts}) exceeds the {Model.Experts} experts of {Model.Id}");
        }

        if (Routed == WeightFormat.F32 && (HotExperts == 0 || Hot == WeightFormat.F32))
        {
            return layer;
        }

        // The same seeded stream the routing sample starts from, so the hot experts are the ones it favours.
        var popularity = Routing.Popularity(layer.RouterExperts, SeededInputs.For(seed, SeededRouting.Stream));
        return layer with { Precision = LayerPrecision.Plan(Routed, HotExperts > 0 ? Hot : WeightFormat.F32, HotExperts, popularity.AsSpan(0, Model.Experts)) };
    }

    /// <summary>The seeded expert of every (token, slot), over the router's experts (zero-computation ones included).</summary>
    public int[] Assignment(MoeLayerSpec spec, int seed)
    {
        if (spec.Model.Groups > 1 && spec.RouterExperts != spec.Model.Experts)
        {
            throw new ArgumentException($"{spec.Model.Id}: group-limited routing cannot be combined with zero-computation experts");
        }

        return SeededRouting.Assign(Routing, Tokens, spec.RouterExperts, Model.TopK, seed);
    }
}

/// <summary><c>layer: MODEL</c>: a whole MoE block of a zoo model; the case name is the model id (with its scale).</summary>
public sealed class LayerDefinition : OpDefinition<LayerParams>
{
    private static readonly string[] Formats = [DType.F32.ToName(), .. CommonParams.LowPrecision];

    public override CaseLevel Level => CaseLevel.Layer;

    public override string Name => "layer";

    public override OpSchema Schema { get; } = new(
        "layer",
        [
            CommonParams.Tokens, CommonParams.Routing, CommonParams.CapacityFactor,
            CommonParams.Count("zero_experts", min: 0, required: false), CommonParams.Count("copy_experts", min: 0, required: false),
            CommonParams.Count("const_experts", min: 0, required: false), CommonParams.DTypeParam, CommonParams.Cache,

            // No defaults: a layer case that does not name them keeps the id it had before they existed.
            new("weight_dtype", ParamKind.DType) { Allowed = Formats },
            new("hot_experts", ParamKind.Whole) { Min = 1, Max = int.MaxValue },
            new("hot_dtype", ParamKind.DType) { Allowed = Formats, OnlyWhen = new(["hot_experts"], null, Required: false) },
            CommonParams.GroupSize("weight_dtype", "hot_dtype"),
        ],
        []);

    public override LayerParams Read(CaseSpec spec)
    {
        var v = Values(spec);

        // Absent weight_dtype / hot_dtype mean fp32 weights, absent hot_experts none: see the schema's comment.
        var groupSize = v.Has("group_size") ? v.Whole("group_size") : 0;
        var routed = v.Has("weight_dtype") ? WeightFormat.Of(v.DType("weight_dtype"), groupSize) : WeightFormat.F32;
        var hot = v.Has("hot_dtype") ? WeightFormat.Of(v.DType("hot_dtype"), groupSize) : WeightFormat.F32;
        return new(
            ModelZoo.Get(spec.Name), v.Whole("tokens"), v.Routing, v.Number("capacity_factor"), v.Whole("zero_experts"), v.Whole("copy_experts"),
            v.Whole("const_experts"), v.DType("dtype"), v.Cache, routed, hot, v.Has("hot_experts") ? v.Whole("hot_experts") : 0);
    }

    /// <summary>
    /// From the seeded routing. A device's gate may route a little differently (group limits), so a measured
    /// layer takes its cost from the routing it produced (<see cref="Cost(MoeLayerSpec, int[])"/>); the two agree
    /// wherever the gate follows the sampled routing.
    /// </summary>
    public override OpCost Cost(LayerParams p, int seed)
    {
        var spec = p.Spec(seed);
        return Cost(spec, SeededRouting.RowsPerExpert(p.Assignment(spec, seed), spec.Model.Experts, spec.Capacity));
    }

    public override double Tokens(LayerParams p) => p.Tokens;

    /// <summary>Every phase's buffers with all the model's experts holding weights and every routed row kept, spread evenly.</summary>
    public override double Footprint(LayerParams p)
    {
        var layer = new MoeLayerSpec(p.Model, p.Tokens, p.CapacityFactor, p.ZeroExperts, p.CopyExperts, p.ConstExperts);
        var experts = p.Model.Experts;
        var perExpert = (int)Math.Min(int.MaxValue, ((long)p.Tokens * p.Model.TopK + experts - 1) / experts);
        var rows = Enumerable.Repeat(Math.Max(1, perExpert), experts).ToArray();
        var routed = LayerDefinition.Cost(layer, rows).Bytes;

        // Cost counts fp32 expert weights; a narrower format holds fewer bytes, so fp32 stays an upper bound.
        return routed + (4.0 * p.Tokens * p.Model.TopK);
    }

    /// <summary>Every phase of one forward with <paramref name="rowsPerExpert"/> rows reaching each routed expert.</summary>
    public static OpCost Cost(MoeLayerSpec spec, int[] rowsPerExpert)
    {
        var cost = default(OpCost);
        foreach (var phase in Phases(spec, rowsPerExpert))
        {
            cost += phase.Cost;
        }

        return cost;
    }

    /// <summary>
    /// The phases of one forward, each one kernel, in the order the layer executor submits them and under its phase
    /// names (<c>LayerProfile</c>): a prediction sums them one kernel at a time, a measured layer takes their sum.
    /// </summary>
    public static IReadOnlyList<LayerPhaseCost> Phases(MoeLayerSpec spec, int[] rowsPerExpert)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rowsPerExpert);
        var m = spec.Model;
        var (t, h, f, k) = ((long)spec.Tokens, m.Hidden, m.ExpertFfn, m.TopK);
        long kept = rowsPerExpert.Sum();
        List<LayerPhaseCost> phases =
        [
            new("norm", CostModel.RmsNorm(t, h), IsGemm: false),
            new("gate", CostModel.Gate(t, h, spec.RouterExperts, k, withBias: true), IsGemm: false),
            new("permute", CostModel.Permute(t, h, k, kept), IsGemm: false),
            new("experts_up", ExpertGemm(spec, rowsPerExpert, 2 * f, h), IsGemm: true),
            new("swiglu", CostModel.Swiglu(kept, f), IsGemm: false),
            new("experts_down", ExpertGemm(spec, rowsPerExpert, h, f), IsGemm: true),
        ];
        if (m.SharedFfn > 0)
        {
            phases.Add(new("shared_up", SharedGemm(spec, t, 2 * m.SharedFfn, h), IsGemm: true));
            phases.Add(new("shared_swiglu", CostModel.Swiglu(t, m.SharedFfn), IsGemm: false));
            phases.Add(new("shared_down", SharedGemm(spec, t, h, m.SharedFfn), IsGemm: true));
        }

        phases.Add(new("combine", CostModel.Unpermute(t, h, k, kept, accumulate: m.SharedFfn > 0), IsGemm: false));
        return phases;
    }

    private static OpCost ExpertGemm(MoeLayerSpec spec, int[] rowsPerExpert, long n, long k) => spec.Precision is { } p
        ? CostModel.QuantGroupedGemm(rowsPerExpert, n, k, [.. p.Experts])
        : CostModel.GroupedGemm(rowsPerExpert, n, k);

    private static OpCost SharedGemm(MoeLayerSpec spec, long tokens, long n, long k) => spec.Precision is { Shared.DType: not DType.F32 } p
        ? CostModel.QuantGroupedGemm([checked((int)tokens)], n, k, p.Shared)
        : CostModel.Gemm(tokens, n, k);
}
