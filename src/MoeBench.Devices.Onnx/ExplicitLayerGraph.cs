using MoeBench.Core.Layers;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// A whole MoE block as one ONNX graph of standard ops, for providers without the com.microsoft::MoE contrib op:
/// RMSNorm, the router (<see cref="RouterGraph"/>), then per expert e: NonZero(ids = e) lists its (token, slot) pairs
/// in dispatch order, Slice keeps the first <c>capacity</c>, Gather takes their rows, the expert's products and
/// SwiGLU run on them, and ScatterND (reduction add) adds the weighted rows into the output, which starts as the
/// shared expert's output (or zeros). Zero experts contribute nothing by having no branch; copy and constant experts
/// run op by op (<see cref="Unsupported"/>). The dispatch order and capacity cut are <c>ReferenceOps.DispatchPlan</c>'s.
/// </summary>
internal static class ExplicitLayerGraph
{
    public const string Form = "whole_layer[onnx graph: MatMul/Softmax/TopK/Gather/ScatterND]";

    /// <summary>A ModelProto is one protobuf message, which protobuf caps at 2 GiB; leave room for everything but the weights.</summary>
    private const long MaxWeightBytes = 1L << 30;

    public static string? Unsupported(MoeLayerSpec spec)
    {
        if (spec.CopyExperts > 0 || spec.ConstExperts > 0)
        {
            return "copy and constant experts run op by op (the graph has no branch for them)";
        }

        var m = spec.Model;
        if (spec.Precision is { } p && new[] { p.Shared }.Concat(p.Experts).Select(ExpertProduct.Unsupported).FirstOrDefault(r => r is not null) is { } why)
        {
            return why;
        }

        var weights = 4L * m.Experts * 3L * m.Hidden * m.ExpertFfn;
        return weights > MaxWeightBytes ? $"{weights >> 20} MiB of expert weights do not fit one ONNX model (at most {MaxWeightBytes >> 20} MiB here)" : null;
    }

    public static OnnxModel Build(MoeLayerSpec spec, MoeLayerWeights w, out long bytes)
    {
        var m = spec.Model;
        var (h, f) = (m.Hidden, m.ExpertFfn);
        var model = new OnnxModel();
        var (xn, bias) = LayerGraphParts.Inputs(model, spec, w);
        var router = ExpertProduct.F32(w.Router, h, spec.RouterExperts);
        var (ids, weights) = RouterGraph.Add(model, router, xn, bias, spec.Gate);
        var y = LayerGraphParts.SharedExperts(model, spec, w, xn, out bytes) ?? model.Node("ConstantOfShape", [model.Node("Shape", [xn])]);
        bytes += router.Bytes;

        var w13 = LayerGraphParts.Products(spec.Precision, w.W13, m.Experts, h, 2 * f, shared: false);
        var w2 = LayerGraphParts.Products(spec.Precision, w.W2, m.Experts, f, h, shared: false);
        var keepAll = spec.Capacity >= spec.Tokens * m.TopK;
        for (var expert = 0; expert < m.Experts; expert++)
        {
            // pairs: [2 × n] (token, slot) of the slots routed to this expert, token-major: the dispatch order.
            var pairs = model.Node("NonZero", [model.Node("Equal", [ids, model.Initializer(OnnxType.Int64, [], OnnxModel.ToBytes<long>([expert]))])]);
            if (!keepAll)
            {
                pairs = model.Node("Slice", [pairs, model.Longs(0), model.Longs(spec.Capacity), model.Longs(1)]);
            }

            var token = model.Node("Gather", [pairs, model.Initializer(OnnxType.Int64, [], OnnxModel.ToBytes<long>([0]))], attributes: ("axis", 0L));
            var slotWeight = model.Node("GatherND", [weights, model.Node("Transpose", [pairs], attributes: ("perm", new long[] { 1, 0 }))]);
            var rows = model.Node("Gather", [xn, token], attributes: ("axis", 0L));
            var act = LayerNodes.Swiglu(model, w13[expert].Multiply(model, rows), f);
            var weighted = model.Node("Mul", [w2[expert].Multiply(model, act), model.Node("Unsqueeze", [slotWeight, model.Longs(1)])]);
            y = model.Node("ScatterND", [y, model.Node("Unsqueeze", [token, model.Longs(1)]), weighted], attributes: ("reduction", "add"));
            bytes += w13[expert].Bytes + w2[expert].Bytes;
        }

        LayerGraphParts.Outputs(model, spec, y, ids);
        return model;
    }
}
