using MoeBench.Core.Cases;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;

namespace MoeBench.Core.Ops.Definitions;

/// <param name="Grouped">The shapes and routing, as <c>grouped_gemm</c> reads them.</param>
public sealed record QuantGroupedGemmParams(GroupedGemmParams Grouped, WeightFormat Format) : IOpParams
{
    public DType DType => Grouped.DType;

    public CacheState Cache => Grouped.Cache;
}

/// <summary>
/// <c>quant_grouped_gemm</c>: <c>grouped_gemm</c>'s shapes and routing with every expert stored as
/// <c>weight_dtype</c> (bf16, int8 per-channel, int4 with <c>group_size</c>).
/// </summary>
public sealed class QuantGroupedGemmDefinition() : KernelDefinition<QuantGroupedGemmParams>(
    OpKind.QuantGroupedGemm,
    [
        CommonParams.Tokens, CommonParams.Routing,
        new("weight_dtype", ParamKind.DType, Required: true) { Allowed = CommonParams.LowPrecision },
        CommonParams.GroupSize("weight_dtype"),
    ],
    ExpertShape.Forms)
{
    public override QuantGroupedGemmParams Read(CaseSpec spec)
    {
        var v = Values(spec);

        // group_size belongs to int4 only: the other formats have one scale per column.
        return new(GroupedGemmParams.Read(v), WeightFormat.Of(v.DType("weight_dtype"), v.Has("group_size") ? v.Whole("group_size") : 0));
    }

    public override OpCost Cost(QuantGroupedGemmParams p, int seed) =>
        CostModel.QuantGroupedGemm(p.Grouped.RowsPerExpert(seed), p.Grouped.Shape.N, p.Grouped.Shape.K, p.Format);

    public override double Tokens(QuantGroupedGemmParams p) => p.Grouped.Tokens;

    public override double Footprint(QuantGroupedGemmParams p) =>
        GroupedGemmDefinition.ExpertFootprint(p.Grouped, p.Format.Bytes(p.Grouped.Shape.K, p.Grouped.Shape.N));

    /// <summary>The float64 product with the dequantized weights: the kernel's arithmetic is checked, not the format's precision.</summary>
    public static double[] Reference(double[] a, int[] offsets, IReadOnlyList<QuantizedMatrix> b) => ReferenceOps.QuantGroupedGemm(a, offsets, b);
}
