using MoeBench.Core.Inputs;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Layers;

/// <summary>
/// Host tensors of one MoE block, fp32, row-major, weights as [in × out]:
/// expert gate+up fused as W13 [experts][hidden][2·ffn] (gate columns first), down as W2 [experts][ffn][hidden].
/// </summary>
public sealed record MoeLayerWeights(
    float[] NormGamma,
    float[] Router,
    float[] W13,
    float[] W2,
    float[]? SharedW13,
    float[]? SharedW2,
    float[] Constants)
{
    /// <summary>
    /// Seeded weights of one MoE block (input set <paramref name="set"/>), scaled so activations stay near unit
    /// variance through the layer; the router is scaled for <see cref="SyntheticRouting"/>.
    /// </summary>
    public static MoeLayerWeights Seeded(MoeLayerSpec spec, int seed, int set)
    {
        var m = spec.Model;
        Random R(string what) => SeededInputs.For(seed, $"layer.{what}.{set}");
        var inScale = 1f / MathF.Sqrt(m.Hidden);
        var hasShared = m.SharedFfn > 0;
        return new MoeLayerWeights(
            SeededInputs.Uniform(R("gamma"), m.Hidden, 0.5f, 1.5f),
            SeededInputs.Normal(R("router"), m.Hidden * spec.RouterExperts, SyntheticRouting.RouterWeightScale(m.Hidden)),
            SeededInputs.Normal(R("w13"), m.Experts * m.Hidden * 2 * m.ExpertFfn, inScale),
            SeededInputs.Normal(R("w2"), m.Experts * m.ExpertFfn * m.Hidden, 1f / MathF.Sqrt(m.ExpertFfn)),
            hasShared ? SeededInputs.Normal(R("sw13"), m.Hidden * 2 * m.SharedFfn, inScale) : null,
            hasShared ? SeededInputs.Normal(R("sw2"), m.SharedFfn * m.Hidden, 1f / MathF.Sqrt(m.SharedFfn)) : null,
            SeededInputs.Normal(R("const"), spec.ConstExperts * m.Hidden));
    }
}

/// <summary>Per-invocation inputs: the hidden states and the synthetic routing bias that steers the router.</summary>
public sealed record MoeLayerInputs(float[] X, float[] LogitBias, int[] Assignment);
