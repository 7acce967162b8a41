using MoeBench.Core.Cases;
using MoeBench.Core.Models;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>An expert projection [k × n] and the routing's experts and top-k.</summary>
public sealed record ExpertShape(int Experts, int TopK, int K, int N)
{
    /// <summary>
    /// With a model, <c>proj: up</c> is the fused gate+up projection (hidden → 2·ffn) and <c>proj: down</c> the down
    /// projection (ffn → hidden); otherwise <c>experts</c>, <c>top_k</c>, <c>k</c> and <c>n</c> give it.
    /// </summary>
    public static ExpertShape Read(ParamValues v)
    {
        if (!v.Has("model"))
        {
            return new(v.Whole("experts"), v.Whole("top_k"), v.Whole("k"), v.Whole("n"));
        }

        var m = v.Model();
        return v.Text("proj") == "up" ? new(m.Experts, m.TopK, m.Hidden, 2 * m.ExpertFfn) : new(m.Experts, m.TopK, m.ExpertFfn, m.Hidden);
    }

    /// <summary>The two ways to give a shape: by model and projection, or explicitly.</summary>
    public static ParamForm[] Forms { get; } =
    [
        new ParamForm("model", [CommonParams.Model, new("proj", ParamKind.Choice, Default: "up") { Allowed = ["up", "down"] }]),
        new ParamForm("shape", [CommonParams.Count("experts"), CommonParams.Count("top_k") with { AtMost = "experts" }, CommonParams.Count("k"), CommonParams.Count("n")]),
    ];
}

public sealed record GroupedGemmParams(int Tokens, LoadDistribution Routing, ExpertShape Shape, DType DType, CacheState Cache) : IOpParams
{
    public static GroupedGemmParams Read(ParamValues v) => new(v.Whole("tokens"), v.Routing, ExpertShape.Read(v), v.DType("dtype"), v.Cache);

    /// <summary>The seeded expert of every (token, slot), as the workload draws it.</summary>
    public int[] Assignment(int seed) => SeededRouting.Assign(Routing, Tokens, Shape.Experts, Shape.TopK, seed);

    /// <summary>Rows per expert, dropless: every routed token is computed.</summary>
    public int[] RowsPerExpert(int seed) => SeededRouting.RowsPerExpert(Assignment(seed), Shape.Experts, int.MaxValue);
}

/// <summary>
/// <c>grouped_gemm</c>: one GEMM per expert over the rows routed to it (dropless, ragged, empty experts allowed).
/// </summary>
public sealed class GroupedGemmDefinition() : KernelDefinition<GroupedGemmParams>(OpKind.GroupedGemm, [CommonParams.Tokens, CommonParams.Routing], ExpertShape.Forms)
{
    public override GroupedGemmParams Read(CaseSpec spec) => GroupedGemmParams.Read(Values(spec));

    public override OpCost Cost(GroupedGemmParams p, int seed) => CostModel.GroupedGemm(p.RowsPerExpert(seed), p.Shape.N, p.Shape.K);

    public override double Tokens(GroupedGemmParams p) => p.Tokens;

    public override double Footprint(GroupedGemmParams p) => ExpertFootprint(p, 4.0 * p.Shape.K * p.Shape.N);

    /// <summary>Every (token, slot) row in and out, its routing entry, and every expert's weights at <paramref name="expertBytes"/> each.</summary>
    internal static double ExpertFootprint(GroupedGemmParams p, double expertBytes)
    {
        var rows = (double)p.Tokens * p.Shape.TopK;
        return (4.0 * rows * (p.Shape.K + p.Shape.N + 1)) + (4.0 * p.Tokens * p.Shape.K) + (p.Shape.Experts * expertBytes);
    }

    public static double[] Reference(double[] a, int[] offsets, double[] b, GroupedGemmParams p) =>
        ReferenceOps.GroupedGemm(a, offsets, b, p.Shape.N, p.Shape.K);
}
