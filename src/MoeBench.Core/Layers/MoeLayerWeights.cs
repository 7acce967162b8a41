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
    float[] Constants);

/// <summary>Per-invocation inputs: the hidden states and the synthetic routing bias that steers the router.</summary>
public sealed record MoeLayerInputs(float[] X, float[] LogitBias, int[] Assignment);
