using MoeBench.Core.Cases;
using MoeBench.Core.Layers;
using MoeBench.Core.Reference;

namespace MoeBench.Core.Ops.Definitions;

public sealed record SwigluParams(int Rows, int Ffn, DType DType, CacheState Cache) : IOpParams;

/// <summary><c>swiglu</c>: the expert activation silu(g)·u over [rows × 2·ffn] → [rows × ffn].</summary>
public sealed class SwigluDefinition() : KernelDefinition<SwigluParams>(OpKind.Swiglu, [CommonParams.Count("rows"), CommonParams.Count("ffn")])
{
    public override SwigluParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(v.Whole("rows"), v.Whole("ffn"), v.DType("dtype"), v.Cache);
    }

    public override OpCost Cost(SwigluParams p, int seed) => CostModel.Swiglu(p.Rows, p.Ffn);

    public static double[] Reference(double[] gateUp, SwigluParams p) => ReferenceOps.Swiglu(gateUp, p.Rows, p.Ffn);
}

public sealed record RmsNormParams(int Rows, int Hidden, DType DType, CacheState Cache) : IOpParams;

/// <summary><c>rmsnorm</c>: pre-MoE normalisation over [rows × hidden].</summary>
public sealed class RmsNormDefinition() : KernelDefinition<RmsNormParams>(OpKind.RmsNorm, [CommonParams.Count("rows"), CommonParams.Count("hidden")])
{
    public override RmsNormParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(v.Whole("rows"), v.Whole("hidden"), v.DType("dtype"), v.Cache);
    }

    public override OpCost Cost(RmsNormParams p, int seed) => CostModel.RmsNorm(p.Rows, p.Hidden);

    public static double[] Reference(double[] x, double[] gamma, RmsNormParams p) =>
        ReferenceOps.RmsNorm(x, gamma, p.Rows, p.Hidden, MoeLayerSpec.RmsEpsilon);
}
