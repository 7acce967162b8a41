using MoeBench.Core.Attention;
using MoeBench.Core.Layers;
using MoeBench.Core.Reference;

namespace MoeBench.Serving.Model;

/// <summary>
/// The whole decoder in float64 over one sequence, composed from the op references (<see cref="ReferenceOps"/>,
/// <see cref="ReferenceAttention"/>, <see cref="ReferenceMoeLayer"/>): what one decode step of the device decoder is
/// validated against. The MoE block's reference takes its input as fp32, as the layer's own validation does.
/// </summary>
public static class ReferenceDecoder
{
    /// <summary>Logits [vocab] at the last of <paramref name="tokens"/>, every earlier token attended to.</summary>
    public static double[] LastLogits(DecoderSpec spec, DecoderWeights weights, ReadOnlySpan<int> tokens)
    {
        var m = spec.Model;
        var a = spec.Attention;
        var (n, h) = (tokens.Length, m.Hidden);
        var x = new double[n * h];
        for (var t = 0; t < n; t++)
        {
            for (var j = 0; j < h; j++)
            {
                x[(t * h) + j] = weights.Embedding[((long)tokens[t] * h) + j];
            }
        }

        foreach (var layer in weights.Layers)
        {
            var xn = ReferenceOps.RmsNorm(x, Widen.ToDouble(layer.AttentionGamma), n, h, MoeLayerSpec.RmsEpsilon);
            var qkv = ReferenceOps.Gemm(xn, Widen.ToDouble(layer.Qkv), n, a.QkvWidth, h);
            var attention = ReferenceAttention.Forward(qkv, [], [], past: 0, n, a);
            x = ReferenceOps.Gemm(attention, Widen.ToDouble(layer.Output), n, h, a.OutputWidth, x);
            var moeSpec = spec.Moe(n);
            var input = new float[n * h];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (float)x[i];
            }

            var moe = ReferenceMoeLayer.Forward(moeSpec, layer.Moe, new MoeLayerInputs(input, new float[n * moeSpec.RouterExperts], []));
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += moe[i];
            }
        }

        var last = ReferenceOps.RmsNorm(x.AsSpan((n - 1) * h, h), Widen.ToDouble(weights.FinalGamma), 1, h, MoeLayerSpec.RmsEpsilon);
        return ReferenceOps.Gemm(last, Widen.ToDouble(weights.LmHead), 1, m.Vocab, h);
    }
}
