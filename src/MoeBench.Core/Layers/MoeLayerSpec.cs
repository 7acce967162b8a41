using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;

namespace MoeBench.Core.Layers;

/// <summary>
/// One MoE block forward: y = Σ_k w·Expert_k(RMSNorm(x)) + SharedMLP(RMSNorm(x)), with optional capacity-limited
/// dispatch (Switch/GShard token dropping; <see cref="CapacityFactor"/> 0 = dropless, MegaBlocks style) and
/// MoE++ zero-computation experts. <see cref="Precision"/> null keeps every FFN weight in fp32.
/// </summary>
public sealed record MoeLayerSpec(
    ModelConfig Model,
    int Tokens,
    double CapacityFactor = 0,
    int ZeroExperts = 0,
    int CopyExperts = 0,
    int ConstExperts = 0,
    LayerPrecision? Precision = null)
{
    public CombineSpec Combine => new(Model.Experts, ZeroExperts, CopyExperts, ConstExperts);

    public GateSpec Gate => GateSpec.For(Model, ZeroExperts + CopyExperts + ConstExperts);

    public int RouterExperts => Combine.TotalExperts;

    /// <summary>Rows an FFN expert may take: ⌈factor · tokens · k / experts⌉, or unlimited when dropless.</summary>
    public int Capacity => CapacityFactor <= 0
        ? int.MaxValue
        : (int)Math.Ceiling(CapacityFactor * Tokens * Model.TopK / Model.Experts);

    public const float RmsEpsilon = 1e-6f;
}
