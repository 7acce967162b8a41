using MoeBench.Core.Cases;
using MoeBench.Core.Models;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

public sealed record GateParams(int Tokens, LoadDistribution Routing, ModelConfig Model, DType DType, CacheState Cache) : IOpParams
{
    public GateSpec Gate => GateSpec.For(Model);

    /// <summary>The routing the gate's logit bias steers towards (group limits can override it).</summary>
    public int[] Assignment(int seed) => SeededRouting.Assign(Routing, Tokens, Model.Experts, Model.TopK, seed);
}

/// <summary><c>gate</c>: the model's router on unit-scale hidden states, steered by the case's load distribution.</summary>
public sealed class GateDefinition() : KernelDefinition<GateParams>(OpKind.Gate, [CommonParams.Tokens, CommonParams.Routing, CommonParams.Model])
{
    public override GateParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(v.Whole("tokens"), v.Routing, v.Model(), v.DType("dtype"), v.Cache);
    }

    /// <summary>Independent of which experts win: every logit is scored.</summary>
    public override OpCost Cost(GateParams p, int seed) => CostModel.Gate(p.Tokens, p.Model.Hidden, p.Model.Experts, p.Model.TopK, withBias: true);

    public override double Tokens(GateParams p) => p.Tokens;

    public static (int[] Ids, double[] Weights) Reference(double[] x, double[] router, double[] bias, GateParams p) =>
        ReferenceOps.Gate(x, router, bias, p.Gate, p.Tokens, p.Model.Hidden);
}
