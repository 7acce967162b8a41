using MoeBench.Core.Cases;
using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>The parameters of <c>permute</c> and <c>unpermute</c>: a model's routed tokens, optionally capacity-limited.</summary>
public sealed record DispatchParams(int Tokens, LoadDistribution Routing, ModelConfig Model, double CapacityFactor, DType DType, CacheState Cache) : IOpParams
{
    public static DispatchParams Read(ParamValues v) => new(v.Whole("tokens"), v.Routing, v.Model(), v.Number("capacity_factor"), v.DType("dtype"), v.Cache);

    public int Capacity => new MoeLayerSpec(Model, Tokens, CapacityFactor).Capacity;

    public int[] Assignment(int seed) => SeededRouting.Assign(Routing, Tokens, Model.Experts, Model.TopK, seed);

    /// <summary>Rows kept after capacity dropping, from the seeded routing.</summary>
    public long KeptRows(int seed) => ReferenceOps.DispatchPlan(Assignment(seed), Model.Experts, Capacity).Offsets[^1];

    public static ParamSpec[] Specs { get; } = [CommonParams.Tokens, CommonParams.Routing, CommonParams.Model, CommonParams.CapacityFactor];
}

/// <summary><c>permute</c>: dispatch of a model's tokens to its experts, with optional capacity dropping.</summary>
public sealed class PermuteDefinition() : KernelDefinition<DispatchParams>(OpKind.Permute, DispatchParams.Specs)
{
    public override DispatchParams Read(CaseSpec spec) => DispatchParams.Read(Values(spec));

    public override OpCost Cost(DispatchParams p, int seed) => CostModel.Permute(p.Tokens, p.Model.Hidden, p.Model.TopK, p.KeptRows(seed));

    public override double Tokens(DispatchParams p) => p.Tokens;

    public override double Footprint(DispatchParams p) => CostModel.Permute(p.Tokens, p.Model.Hidden, p.Model.TopK, (long)p.Tokens * p.Model.TopK).Bytes;

    public static double[] Reference(double[] x, int[] slotRow, int rows, DispatchParams p) =>
        ReferenceOps.Permute(x, slotRow, rows, p.Model.TopK, p.Model.Hidden);
}

/// <summary><c>unpermute</c>: weighted combine of expert output rows back into token order.</summary>
public sealed class UnpermuteDefinition() : KernelDefinition<DispatchParams>(OpKind.Unpermute, DispatchParams.Specs)
{
    public override DispatchParams Read(CaseSpec spec) => DispatchParams.Read(Values(spec));

    public override OpCost Cost(DispatchParams p, int seed) =>
        CostModel.Unpermute(p.Tokens, p.Model.Hidden, p.Model.TopK, p.KeptRows(seed), accumulate: false);

    public override double Tokens(DispatchParams p) => p.Tokens;

    public override double Footprint(DispatchParams p) =>
        CostModel.Unpermute(p.Tokens, p.Model.Hidden, p.Model.TopK, (long)p.Tokens * p.Model.TopK, accumulate: false).Bytes;

    public static double[] Reference(double[] yp, int[] slotRow, int[] ids, double[] weights, double[] x, DispatchParams p) =>
        ReferenceOps.Unpermute(yp, slotRow, ids, weights, x, [], new CombineSpec(p.Model.Experts), p.Tokens, p.Model.TopK, p.Model.Hidden);
}
