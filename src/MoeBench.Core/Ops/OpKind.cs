namespace MoeBench.Core.Ops;

/// <summary>The kernels a device runs; each has a cost model in <see cref="CostModel"/> and a float64 reference.</summary>
public enum OpKind
{
    Gemm,
    GroupedGemm,

    /// <summary>Grouped GEMM over bf16 / int8 / int4 expert weights (per-channel or per-group scales).</summary>
    QuantGroupedGemm,
    Gate,
    Permute,
    Unpermute,
    Swiglu,
    RmsNorm,

    /// <summary>One new token per sequence attending to its paged KV cache (grouped-query heads, RoPE).</summary>
    AttentionDecode,

    /// <summary>A chunk of prompt tokens attending causally to themselves and the sequence's cached history.</summary>
    AttentionPrefill,
}

public static class OpNames
{
    private static readonly (OpKind Op, string Name)[] Names =
    [
        (OpKind.Gemm, "gemm"),
        (OpKind.GroupedGemm, "grouped_gemm"),
        (OpKind.QuantGroupedGemm, "quant_grouped_gemm"),
        (OpKind.Gate, "gate"),
        (OpKind.Permute, "permute"),
        (OpKind.Unpermute, "unpermute"),
        (OpKind.Swiglu, "swiglu"),
        (OpKind.RmsNorm, "rmsnorm"),
        (OpKind.AttentionDecode, "attention_decode"),
        (OpKind.AttentionPrefill, "attention_prefill"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string ToName(this OpKind op) => Array.Find(Names, n => n.Op == op).Name;

    public static bool TryParse(string name, out OpKind op)
    {
        foreach (var (o, n) in Names)
        {
            if (n == name)
            {
                op = o;
                return true;
            }
        }

        op = default;
        return false;
    }
}
