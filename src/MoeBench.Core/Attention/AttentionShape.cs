namespace MoeBench.Core.Attention;

/// <summary>
/// Grouped-query attention over a paged KV cache: <see cref="Heads"/> query heads share <see cref="KvHeads"/> key/value
/// heads (<see cref="Heads"/> / <see cref="KvHeads"/> query heads per group), each <see cref="HeadDim"/> wide; the cache
/// holds keys and values in blocks of <see cref="BlockTokens"/> positions, [block][position in block][kv head][dim].
/// </summary>
/// <param name="RopeTheta">RoPE base (Llama's 10000; a scaled benchmark model needs no long-context base).</param>
public sealed record AttentionShape(int Heads, int KvHeads, int HeadDim, int BlockTokens, double RopeTheta = 10000)
{
    /// <summary>Ints per sequence in an attention batch: first query row, query rows, positions cached before them, first block-table entry.</summary>
    public const int SequenceFields = 4;

    public int Group => Heads / KvHeads;

    /// <summary>Width of one fused QKV projection row: queries, then keys, then values.</summary>
    public int QkvWidth => (Heads + (2 * KvHeads)) * HeadDim;

    public int OutputWidth => Heads * HeadDim;

    /// <summary>Floats one cache block holds for one of keys or values.</summary>
    public int BlockFloats => BlockTokens * KvHeads * HeadDim;

    /// <summary>Throws on a shape no kernel can run: heads not a multiple of KV heads, an odd head (RoPE rotates halves).</summary>
    public void Validate()
    {
        if (Heads < 1 || KvHeads < 1 || Heads % KvHeads != 0)
        {
            throw new ArgumentException($"attention: {Heads} heads must be a positive multiple of {KvHeads} KV heads");
        }

        if (HeadDim < 2 || HeadDim % 2 != 0)
        {
            throw new ArgumentException($"attention: head dim {HeadDim} must be even (RoPE rotates its two halves)");
        }

        if (BlockTokens < 1)
        {
            throw new ArgumentException($"attention: block tokens {BlockTokens} must be positive");
        }
    }
}
