using MoeBench.Core.Attention;
using MoeBench.Core.Cases;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// <paramref name="Sequences"/> sequences, each adding <paramref name="Rows"/> tokens whose history (them included) is
/// <paramref name="Context"/> positions, over a paged cache of <see cref="AttentionShape.BlockTokens"/>-token blocks.
/// </summary>
public sealed record AttentionParams(int Sequences, int Rows, int Context, AttentionShape Shape, DType DType, CacheState Cache) : IOpParams
{
    public int Past => Context - Rows;

    /// <summary>The reference for sequence s: its new rows' un-rotated QKV, its cached history (rotated keys, values).</summary>
    public static double[] Reference(ReadOnlySpan<double> qkv, ReadOnlySpan<double> pastKeys, ReadOnlySpan<double> pastValues, AttentionParams p) =>
        ReferenceAttention.Forward(qkv, pastKeys, pastValues, p.Past, p.Rows, p.Shape);
}

/// <summary>The parameters both attention ops share: heads from a zoo model, or given; the KV-cache block size.</summary>
internal static class AttentionSchema
{
    public static ParamSpec BlockTokens { get; } = new("block_tokens", ParamKind.Whole, Default: 16L) { Min = 1, Max = 1024 };

    public static ParamSpec Context { get; } = CommonParams.Count("context");

    public static ParamForm[] Forms { get; } =
    [
        new ParamForm("model", [CommonParams.Model]),
        new ParamForm("shape", [CommonParams.Count("heads"), CommonParams.Count("kv_heads") with { AtMost = "heads" }, CommonParams.Count("head_dim", min: 2)]),
    ];

    public static AttentionShape Shape(ParamValues v)
    {
        AttentionShape shape;
        if (v.Has("model"))
        {
            var m = v.Model();
            shape = new(m.Heads, m.KvHeads, m.AttentionHeadDim, v.Whole("block_tokens"));
        }
        else
        {
            shape = new(v.Whole("heads"), v.Whole("kv_heads"), v.Whole("head_dim"), v.Whole("block_tokens"));
        }

        shape.Validate();
        return shape;
    }
}

/// <summary><c>attention_decode</c>: a batch of sequences, one new token each, attending to <c>context</c> cached positions.</summary>
public sealed class AttentionDecodeDefinition() : KernelDefinition<AttentionParams>(
    OpKind.AttentionDecode, [CommonParams.Count("batch"), AttentionSchema.Context, AttentionSchema.BlockTokens], AttentionSchema.Forms)
{
    public override AttentionParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(v.Whole("batch"), 1, v.Whole("context"), AttentionSchema.Shape(v), v.DType("dtype"), v.Cache);
    }

    public override OpCost Cost(AttentionParams p, int seed) =>
        CostModel.Attention(p.Sequences, p.Rows, p.Context, p.Shape.Heads, p.Shape.KvHeads, p.Shape.HeadDim);

    public override double Tokens(AttentionParams p) => p.Sequences;
}

/// <summary><c>attention_prefill</c>: one sequence's chunk of <c>tokens</c> prompt tokens, its history ending at <c>context</c>.</summary>
public sealed class AttentionPrefillDefinition() : KernelDefinition<AttentionParams>(
    OpKind.AttentionPrefill, [CommonParams.Tokens, AttentionSchema.Context with { AtLeast = "tokens" }, AttentionSchema.BlockTokens], AttentionSchema.Forms)
{
    public override AttentionParams Read(CaseSpec spec)
    {
        var v = Values(spec);
        return new(1, v.Whole("tokens"), v.Whole("context"), AttentionSchema.Shape(v), v.DType("dtype"), v.Cache);
    }

    public override OpCost Cost(AttentionParams p, int seed) =>
        CostModel.Attention(p.Sequences, p.Rows, p.Context, p.Shape.Heads, p.Shape.KvHeads, p.Shape.HeadDim);

    public override double Tokens(AttentionParams p) => p.Rows;
}
