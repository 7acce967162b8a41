namespace MoeBench.Core.Models;

/// <summary>
/// One MoE architecture as published in its config.json. Only the fields that shape MoE cost are kept.
/// </summary>
/// <param name="Id">Zoo id, e.g. <c>mixtral-8x7b</c>; scaled variants carry their scale: <c>mixtral-8x7b@1/8</c>.</param>
/// <param name="Hidden">Model (residual stream) width.</param>
/// <param name="ExpertFfn">Per-expert intermediate size; SwiGLU experts have gate, up (hidden→ffn) and down (ffn→hidden).</param>
/// <param name="Experts">Routed experts per MoE layer.</param>
/// <param name="TopK">Experts chosen per token.</param>
/// <param name="SharedFfn">Intermediate size of the always-active shared expert MLP (all shared experts fused), 0 if none.</param>
/// <param name="Score">Router score function.</param>
/// <param name="Renormalize">Whether the top-k weights are renormalised to sum to one.</param>
/// <param name="RoutedScale">Multiplier on routed weights (DeepSeek-V3's routed_scaling_factor).</param>
/// <param name="Groups">Expert groups for group-limited routing (DeepSeek-V3: 8); 1 means no grouping.</param>
/// <param name="TopKGroups">Groups kept per token when <paramref name="Groups"/> &gt; 1.</param>
/// <param name="HeadDim">Attention head width when config.json sets it apart from hidden / heads (Qwen3, gpt-oss); 0: hidden / heads.</param>
/// <param name="ContextTokens">Longest sequence (prompt and output) the model was trained for: config.json's max_position_embeddings.</param>
public sealed record ModelConfig(
    string Id,
    string Name,
    int Hidden,
    int ExpertFfn,
    int Experts,
    int TopK,
    int SharedExperts,
    int SharedFfn,
    int Layers,
    int MoeLayers,
    int Heads,
    int KvHeads,
    int Vocab,
    RoutingScore Score,
    bool Renormalize,
    double RoutedScale = 1.0,
    int Groups = 1,
    int TopKGroups = 1,
    int Scale = 1,
    int HeadDim = 0,
    int ContextTokens = 4096)
{
    /// <summary>Parameters of one routed expert's three SwiGLU matrices.</summary>
    public long ExpertParameters => 3L * Hidden * ExpertFfn;

    /// <summary>Width of one attention head: <see cref="HeadDim"/> where config.json sets it, else hidden / heads.</summary>
    public int AttentionHeadDim => HeadDim > 0 ? HeadDim : Hidden / Heads;

    /// <summary>
    /// The same architecture with hidden and FFN widths divided by <paramref name="divisor"/>; experts, top-k,
    /// layer counts and every ratio stay, so routing and imbalance behave as in the full model. Attention keeps its
    /// heads and KV heads and narrows each head (an explicit head width is divided too), so its share of the work
    /// and of the KV cache keeps the full model's ratio to the FFN; vocabulary and context stay.
    /// </summary>
    public ModelConfig ScaledBy(int divisor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(divisor, 1);
        if (divisor == 1)
        {
            return this;
        }

        static int Divide(int value, int divisor, string what, string id)
        {
            if (value % divisor != 0 || value / divisor < 1)
            {
                throw new ArgumentException($"{id}: {what} {value} is not divisible by {divisor}");
            }

            return value / divisor;
        }

        return this with
        {
            Id = $"{Id}@1/{divisor}",
            Hidden = Divide(Hidden, divisor, "hidden", Id),
            ExpertFfn = Divide(ExpertFfn, divisor, "expert ffn", Id),
            SharedFfn = SharedFfn == 0 ? 0 : Divide(SharedFfn, divisor, "shared ffn", Id),
            HeadDim = HeadDim == 0 ? 0 : Divide(HeadDim, divisor, "head dim", Id),
            Scale = Scale * divisor,
        };
    }
}
