using MoeBench.Core.Cases;
using MoeBench.Core.Reference;

namespace MoeBench.Core.Ops.Definitions;

public sealed record GemmParams(int M, int N, int K, DType DType, CacheState Cache) : IOpParams;

/// <summary><c>gemm</c>: C[m,n] = A[m,k]·W[k,n].</summary>
public sealed class GemmDefinition() : KernelDefinition<GemmParams>(OpKind.Gemm, [CommonParams.Count("m"), CommonParams.Count("n"), CommonParams.Count("k")])
{
    public override GemmParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(v.Whole("m"), v.Whole("n"), v.Whole("k"), v.DType("dtype"), v.Cache);
    }

    public override OpCost Cost(GemmParams p, int seed) => CostModel.Gemm(p.M, p.N, p.K);

    public static double[] Reference(double[] a, double[] b, GemmParams p) => ReferenceOps.Gemm(a, b, p.M, p.N, p.K);
}
