using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;

namespace MoeBench.Serving.Model;

/// <summary>Host weights of one decoder layer, fp32, [in × out]: QKV fused (queries, keys, values), then the output projection.</summary>
public sealed record DecoderLayerWeights(float[] AttentionGamma, float[] Qkv, float[] Output, MoeLayerWeights Moe);

/// <summary>
/// Seeded random weights of a whole decoder (a benchmark needs the real shapes and real work, not trained values),
/// scaled as <see cref="MoeLayerWeights.Seeded"/> scales its own so activations stay near unit variance.
/// </summary>
public sealed record DecoderWeights(float[] Embedding, IReadOnlyList<DecoderLayerWeights> Layers, float[] FinalGamma, float[] LmHead)
{
    public static DecoderWeights Seeded(DecoderSpec spec, int maxTokens, int seed)
    {
        var m = spec.Model;
        var a = spec.Attention;
        Random R(string what) => SeededInputs.For(seed, $"decoder.{what}");
        var layers = new DecoderLayerWeights[spec.Layers];
        for (var l = 0; l < layers.Length; l++)
        {
            layers[l] = new(
                SeededInputs.Uniform(R($"attn_gamma.{l}"), m.Hidden, 0.5f, 1.5f),
                SeededInputs.Normal(R($"qkv.{l}"), m.Hidden * a.QkvWidth, 1f / MathF.Sqrt(m.Hidden)),
                SeededInputs.Normal(R($"wo.{l}"), a.OutputWidth * m.Hidden, 1f / MathF.Sqrt(a.OutputWidth)),
                MoeLayerWeights.Seeded(spec.Moe(maxTokens), seed, set: l));
        }

        return new(
            SeededInputs.Normal(R("embedding"), m.Vocab * m.Hidden),
            layers,
            SeededInputs.Uniform(R("final_gamma"), m.Hidden, 0.5f, 1.5f),
            SeededInputs.Normal(R("lm_head"), m.Hidden * m.Vocab, 1f / MathF.Sqrt(m.Hidden)));
    }
}
