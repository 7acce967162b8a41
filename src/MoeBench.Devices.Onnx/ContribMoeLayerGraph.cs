using MoeBench.Core.Layers;
using MoeBench.Core.Models;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// A whole MoE block around ONNX Runtime's fused <c>com.microsoft::MoE</c> contrib op, which ONNX Runtime 1.31 runs on
/// its CPU provider: RMSNorm and the router logits (with the logit bias) in standard ops, then the MoE op (softmax,
/// top-k, optional renormalisation, the experts' SwiGLU MLPs and the weighted combine), the routed scale, and the
/// shared expert. Its CPU kernel takes SwiGLU only interleaved (<c>swiglu_fusion=1</c>: fc1 rows gate₀, up₀, gate₁, …,
/// each row one output feature over the hidden size) and has no FC3, so W13 is re-laid out that way and W2 as
/// fc2 [experts × hidden × ffn]. alpha 1, beta 0 and an infinite limit make its SwiGLU the plain silu(g)·u (older
/// defaults were GPT-OSS's clamped variant). The expert ids are a TopK beside it, for load statistics: the op does not
/// output its routing, and on exactly equal scores it prefers the higher index where TopK (and the reference) take the lower.
/// </summary>
internal static class ContribMoeLayerGraph
{
    public const string Form = "whole_layer[onnx com.microsoft::MoE]";

    /// <summary>Why the contrib op cannot compute this layer as the reference does; null where it can.</summary>
    public static string? Unsupported(MoeLayerSpec spec, OnnxProvider provider)
    {
        var m = spec.Model;
        return provider != OnnxProvider.Cpu ? $"com.microsoft::MoE runs on the CPU provider only (ONNX Runtime 1.31), not {provider.OrtName}"
            : m.Score != RoutingScore.Softmax ? "com.microsoft::MoE scores experts by softmax only"
            : m.Groups > 1 ? "com.microsoft::MoE has no group-limited routing"
            : spec.Capacity < spec.Tokens * m.TopK ? "com.microsoft::MoE has no expert capacity"
            : spec.RouterExperts != m.Experts ? "com.microsoft::MoE has no zero, copy or constant experts"
            : spec.Precision is not null ? "fp32 experts only (the quantized peer, QMoE, takes other layouts and is not wired)"
            : null;
    }

    public static OnnxModel Build(MoeLayerSpec spec, MoeLayerWeights w, out long bytes)
    {
        var m = spec.Model;
        var (h, f, e) = (m.Hidden, m.ExpertFfn, m.Experts);
        var model = new OnnxModel();
        var (xn, bias) = LayerGraphParts.Inputs(model, spec, w);
        var router = ExpertProduct.F32(w.Router, h, e);
        var logits = model.Node("Add", [router.Multiply(model, xn), bias]);

        // The shared expert's nodes come first: the MoE kernel may write its output over its input (MayInplace 0→0),
        // and with the shared expert reading the normalised input after it, results were wrong (seen with ONNX Runtime
        // 1.31.1 on deepseek-v2-lite@1/16); ordered this way no node reads xn after the MoE op.
        var shared = LayerGraphParts.SharedExperts(model, spec, w, xn, out bytes);
        var moe = model.Node(
            "MoE",
            [xn, logits, model.Floats([e, 2 * f, h], Fc1(w.W13, e, h, f)), "", model.Floats([e, h, f], Fc2(w.W2, e, h, f))],
            domain: OnnxModel.Microsoft,
            attributes:
            [
                ("k", (long)m.TopK), ("activation_type", "swiglu"), ("swiglu_fusion", 1L), ("normalize_routing_weights", m.Renormalize ? 1L : 0L),
                ("activation_alpha", 1f), ("activation_beta", 0f), ("swiglu_limit", float.PositiveInfinity),
            ]);
        var y = model.Node("Mul", [moe, model.Floats([], (float)m.RoutedScale)]);
        if (shared is not null)
        {
            y = model.Node("Add", [y, shared]);
        }

        bytes += router.Bytes + (4L * e * 3 * h * f);
        var ids = model.Nodes("TopK", [model.Node("Softmax", [logits], attributes: ("axis", -1L)), model.Longs(m.TopK)], [model.Name(), model.Name()], attributes: ("axis", -1L))[1];
        LayerGraphParts.Outputs(model, spec, y, ids);
        return model;
    }

    /// <summary>fc1[e][2i][c] = W_gate[e][c][i], fc1[e][2i+1][c] = W_up[e][c][i], from W13 [e][h][gate ffn | up ffn].</summary>
    private static float[] Fc1(float[] w13, int experts, int h, int f)
    {
        var fc1 = new float[(long)experts * 2 * f * h];
        for (var e = 0; e < experts; e++)
        {
            for (var c = 0; c < h; c++)
            {
                var row = ((long)e * h * 2 * f) + ((long)c * 2 * f);
                for (var i = 0; i < f; i++)
                {
                    var gate = ((long)e * 2 * f * h) + ((long)2 * i * h) + c;
                    fc1[gate] = w13[row + i];
                    fc1[gate + h] = w13[row + f + i];
                }
            }
        }

        return fc1;
    }

    /// <summary>fc2[e][j][i] = W2[e][i][j]: each row one hidden output over the ffn inputs.</summary>
    private static float[] Fc2(float[] w2, int experts, int h, int f)
    {
        var fc2 = new float[(long)experts * h * f];
        for (var e = 0; e < experts; e++)
        {
            for (var i = 0; i < f; i++)
            {
                for (var j = 0; j < h; j++)
                {
                    fc2[((long)e * h * f) + ((long)j * f) + i] = w2[((long)e * f * h) + ((long)i * h) + j];
                }
            }
        }

        return fc2;
    }
}
