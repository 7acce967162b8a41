namespace MoeBench.Devices.Onnx;

/// <summary>SwiGLU and RMSNorm as ONNX nodes, shared by their ops and the whole layer.</summary>
internal static class LayerNodes
{
    /// <summary>silu(g) · u = g · sigmoid(g) · u, with [g | u] the two halves of each row of <paramref name="gateUp"/>.</summary>
    public static string Swiglu(OnnxModel model, string gateUp, int ffn)
    {
        var halves = model.Nodes("Split", [gateUp, model.Longs(ffn, ffn)], [model.Name(), model.Name()], attributes: ("axis", 1L));
        var silu = model.Node("Mul", [halves[0], model.Node("Sigmoid", [halves[0]])]);
        return model.Node("Mul", [silu, halves[1]]);
    }

    /// <summary>x / sqrt(mean(x²) + ε) · γ per row, spelled out so that every provider runs it (opset 17 has no RMSNormalization).</summary>
    public static string RmsNorm(OnnxModel model, string x, string gamma, float epsilon)
    {
        var meanSquare = model.Node("ReduceMean", [model.Node("Mul", [x, x])], attributes: [("axes", new long[] { -1 }), ("keepdims", 1L)]);
        var rms = model.Node("Sqrt", [model.Node("Add", [meanSquare, model.Floats([], epsilon)])]);
        return model.Node("Mul", [model.Node("Div", [x, rms]), gamma]);
    }
}
