using MoeBench.Core.Attention;
using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Quant;

namespace MoeBench.Serving.Model;

/// <summary>
/// The decoder a serving engine runs: the first <see cref="Layers"/> layers of <see cref="Model"/> (each RMSNorm →
/// GQA attention with RoPE → RMSNorm → MoE FFN, residual around both), final RMSNorm and LM head; fp32 weights but
/// for the routed experts where <see cref="Precision"/> narrows them (the layer executor's quantized path).
/// </summary>
public sealed record DecoderSpec(ModelConfig Model, int Layers, int BlockTokens, LayerPrecision? Precision = null)
{
    /// <summary>Layers a serving case runs unless it asks for more: enough to chain attention and MoE, cheap to load.</summary>
    public const int DefaultLayers = 2;

    public AttentionShape Attention => new(Model.Heads, Model.KvHeads, Model.AttentionHeadDim, BlockTokens);

    /// <summary>Bytes of keys and values one token keeps in the cache over all layers (fp32).</summary>
    public long KvBytesPerToken => 2L * Layers * Model.KvHeads * Model.AttentionHeadDim * sizeof(float);

    /// <summary>The MoE block of one layer for a batch of up to <paramref name="tokens"/> tokens: dropless, as a server runs.</summary>
    public MoeLayerSpec Moe(int tokens) => new(Model, tokens) { Precision = Precision };

    /// <summary>Throws on a spec no engine can build.</summary>
    public void Validate()
    {
        if (Layers < 1 || Layers > Model.Layers)
        {
            throw new ArgumentException($"{Model.Id}: layers {Layers} must be between 1 and the model's {Model.Layers}");
        }

        Attention.Validate();
    }
}
