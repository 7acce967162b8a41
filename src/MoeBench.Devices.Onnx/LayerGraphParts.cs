using MoeBench.Core.Layers;
using MoeBench.Core.Quant;

namespace MoeBench.Devices.Onnx;

/// <summary>What both whole-layer graphs share: inputs and RMSNorm, the shared expert, the weights' products and the outputs.</summary>
internal static class LayerGraphParts
{
    /// <summary>Inputs x [tokens × hidden] and logit_bias [tokens × router experts]; returns x normalised, and the bias.</summary>
    public static (string Xn, string Bias) Inputs(OnnxModel model, MoeLayerSpec spec, MoeLayerWeights w)
    {
        var h = spec.Model.Hidden;
        var x = model.Input("x", OnnxType.Float, OnnxModel.Tokens, h);
        var bias = model.Input("logit_bias", OnnxType.Float, OnnxModel.Tokens, spec.RouterExperts);
        return (LayerNodes.RmsNorm(model, x, model.Floats([h], w.NormGamma), MoeLayerSpec.RmsEpsilon), bias);
    }

    /// <summary>The shared expert's SwiGLU MLP over <paramref name="xn"/>, or null for a layer without one.</summary>
    public static string? SharedExperts(OnnxModel model, MoeLayerSpec spec, MoeLayerWeights w, string xn, out long bytes)
    {
        bytes = 0;
        if (w.SharedW13 is null || w.SharedW2 is null)
        {
            return null;
        }

        var (h, fs) = (spec.Model.Hidden, spec.Model.SharedFfn);
        var up = Products(spec.Precision, w.SharedW13, 1, h, 2 * fs, shared: true)[0];
        var down = Products(spec.Precision, w.SharedW2, 1, fs, h, shared: true)[0];
        bytes = up.Bytes + down.Bytes;
        return down.Multiply(model, LayerNodes.Swiglu(model, up.Multiply(model, xn), fs));
    }

    /// <summary>Outputs y [tokens × hidden] and ids [tokens × k] (int32, as the gate op writes them).</summary>
    public static void Outputs(OnnxModel model, MoeLayerSpec spec, string y, string ids)
    {
        model.Output(model.Node("Identity", [y], "y"), OnnxType.Float, OnnxModel.Tokens, spec.Model.Hidden);
        model.Output(model.Node("Cast", [ids], "ids", attributes: ("to", (long)OnnxType.Int32)), OnnxType.Int32, OnnxModel.Tokens, spec.Model.TopK);
    }

    /// <summary>Groups of [k × n] weights as products in the precision plan's formats (fp32 without one), as <c>LayerFfn</c> loads them.</summary>
    public static ExpertProduct[] Products(LayerPrecision? precision, float[] w, int groups, int k, int n, bool shared)
    {
        if (precision is null)
        {
            var size = k * n;
            return [.. Enumerable.Range(0, groups).Select(g => ExpertProduct.F32(w.AsSpan(g * size, size), k, n))];
        }

        return shared ? [ExpertProduct.From(precision.QuantizeShared(w, k, n))] : [.. precision.QuantizeExperts(w, k, n).Select(ExpertProduct.From)];
    }
}
