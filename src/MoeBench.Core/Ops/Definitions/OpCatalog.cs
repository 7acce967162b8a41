using MoeBench.Core.Cases;

namespace MoeBench.Core.Ops.Definitions;

/// <summary>
/// The op definitions a suite may name, plus the layer's. The suite loader validates against it, <c>list</c>
/// costs cases with it. A workload catalog derives one from its factories (<c>WorkloadCatalog.Ops</c>), so an op
/// added there (a test's, a plug-in's) is known to the loader too, with nothing else edited.
/// </summary>
public sealed class OpCatalog
{
    private readonly IReadOnlyList<IOpDefinition> _kernels;

    public OpCatalog(IReadOnlyList<IOpDefinition> kernels, IOpDefinition layer)
    {
        if (kernels.Any(k => k.Level != CaseLevel.Kernel) || layer.Level != CaseLevel.Layer)
        {
            throw new ArgumentException("kernel definitions must be kernel-level and the layer definition layer-level");
        }

        (_kernels, Layer) = (kernels, layer);
    }

    public static GemmDefinition Gemm { get; } = new();

    public static GroupedGemmDefinition GroupedGemm { get; } = new();

    public static QuantGroupedGemmDefinition QuantGroupedGemm { get; } = new();

    public static GateDefinition Gate { get; } = new();

    public static PermuteDefinition Permute { get; } = new();

    public static UnpermuteDefinition Unpermute { get; } = new();

    public static SwigluDefinition Swiglu { get; } = new();

    public static RmsNormDefinition RmsNorm { get; } = new();

    public static AttentionDecodeDefinition AttentionDecode { get; } = new();

    public static AttentionPrefillDefinition AttentionPrefill { get; } = new();

    public static LayerDefinition MoeLayer { get; } = new();

    public static OpCatalog Default { get; } = new([Gemm, GroupedGemm, QuantGroupedGemm, Gate, Permute, Unpermute, Swiglu, RmsNorm, AttentionDecode, AttentionPrefill], MoeLayer);

    public IReadOnlyList<IOpDefinition> Kernels => _kernels;

    /// <summary>Layer cases: a whole MoE block of the model named by <c>layer:</c>.</summary>
    public IOpDefinition Layer { get; }

    public bool TryGetKernel(string op, out IOpDefinition definition)
    {
        definition = _kernels.FirstOrDefault(k => k.Name == op)!;
        return definition is not null;
    }

    /// <summary>The definition of <paramref name="spec"/>'s kind; <see cref="NotSupportedException"/> when there is none.</summary>
    public IOpDefinition For(CaseSpec spec) => spec.Level switch
    {
        CaseLevel.Layer => Layer,
        CaseLevel.Kernel when TryGetKernel(spec.Name, out var d) => d,
        _ => throw new NotSupportedException($"no definition for {spec.Level.ToName()} case '{spec.Name}'"),
    };

    /// <summary>Work of one invocation of <paramref name="spec"/>, from its definition alone: no device is opened.</summary>
    public OpCost Cost(CaseSpec spec, int seed) => For(spec).Cost(spec, seed);
}
