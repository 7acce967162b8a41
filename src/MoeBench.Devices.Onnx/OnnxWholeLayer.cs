using MoeBench.Core.Layers;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// A whole MoE block as one ONNX graph of standard ops, for providers without the com.microsoft::MoE contrib op:
/// RMSNorm, the router (<see cref="RouterGraph"/>), then per expert e: NonZero(ids = e) lists its (token, slot) pairs
/// in dispatch order, Slice keeps the first <c>capacity</c>, Gather takes their rows, the expert's products and
/// SwiGLU run on them, and ScatterND (reduction add) adds the weighted rows into the output, which starts as the
/// shared expert's output (or zeros). Zero experts contribute nothing by having no branch; copy and constant experts
/// run op by op (<see cref="Unsupported"/>). The dispatch order and capacity cut are <c>ReferenceOps.DispatchPlan</c>'s.
/// </summary>
internal sealed unsafe class OnnxWholeLayer : IWholeLayer
{
    public const string ExplicitForm = "whole_layer[onnx graph: MatMul/Softmax/TopK/Gather/ScatterND]";

    /// <summary>A ModelProto is one protobuf message, which protobuf caps at 2 GiB; leave room for everything but the weights.</summary>
    private const long MaxWeightBytes = 1L << 30;

    private readonly OnnxSession _session;
    private readonly MoeLayerSpec _spec;

    public OnnxWholeLayer(MoeLayerSpec spec, MoeLayerWeights weights, OnnxDeviceContext context)
    {
        _spec = spec;
        var model = Build(spec, weights, out var bytes);
        Bytes = bytes;
        _session = new OnnxSession(model, context);
    }

    public string Form => ExplicitForm;

    public long Bytes { get; }

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

    public void Forward(DeviceBuffer<float> x, DeviceBuffer<float> logitBias, int tokens, DeviceBuffer<float> y, DeviceBuffer<int> ids)
    {
        var (h, e, k) = (_spec.Model.Hidden, _spec.RouterExperts, _spec.Model.TopK);
        if (tokens == 0)
        {
            return;
        }

        _session.Run(
            [OnnxTensor.Of(P(x), tokens, h), OnnxTensor.Of(P(logitBias), tokens, e)],
            [OnnxTensor.Of(P(y), tokens, h), OnnxTensor.Of(P(ids), tokens, k)]);
    }

    public void Dispose() => _session.Dispose();

    private static OnnxModel Build(MoeLayerSpec spec, MoeLayerWeights w, out long bytes)
    {
        var m = spec.Model;
        var (h, f) = (m.Hidden, m.ExpertFfn);
        var model = new OnnxModel();
        var x = model.Input("x", OnnxType.Float, OnnxModel.Tokens, h);
        var bias = model.Input("logit_bias", OnnxType.Float, OnnxModel.Tokens, spec.RouterExperts);
        var xn = LayerNodes.RmsNorm(model, x, model.Floats([h], w.NormGamma), MoeLayerSpec.RmsEpsilon);
        var router = ExpertProduct.F32(w.Router, h, spec.RouterExperts);
        var (ids, weights) = RouterGraph.Add(model, router, xn, bias, spec.Gate);
        bytes = router.Bytes;

        string y;
        if (w.SharedW13 is not null && w.SharedW2 is not null)
        {
            var fs = m.SharedFfn;
            var up = Products(spec.Precision, w.SharedW13, 1, h, 2 * fs, shared: true)[0];
            var down = Products(spec.Precision, w.SharedW2, 1, fs, h, shared: true)[0];
            y = down.Multiply(model, LayerNodes.Swiglu(model, up.Multiply(model, xn), fs));
            bytes += up.Bytes + down.Bytes;
        }
        else
        {
            y = model.Node("ConstantOfShape", [model.Node("Shape", [xn])]);
        }

        var w13 = Products(spec.Precision, w.W13, m.Experts, h, 2 * f, shared: false);
        var w2 = Products(spec.Precision, w.W2, m.Experts, f, h, shared: false);
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

        model.Output(model.Node("Identity", [y], "y"), OnnxType.Float, OnnxModel.Tokens, h);
        model.Output(model.Node("Cast", [ids], "ids", attributes: ("to", (long)OnnxType.Int32)), OnnxType.Int32, OnnxModel.Tokens, m.TopK);
        return model;
    }

    /// <summary>Groups of [k × n] weights as products in the precision plan's formats (fp32 without one), as <c>LayerFfn</c> loads them.</summary>
    private static ExpertProduct[] Products(LayerPrecision? precision, float[] w, int groups, int k, int n, bool shared)
    {
        if (precision is null)
        {
            var size = k * n;
            return [.. Enumerable.Range(0, groups).Select(g => ExpertProduct.F32(w.AsSpan(g * size, size), k, n))];
        }

        return shared ? [ExpertProduct.From(precision.QuantizeShared(w, k, n))] : [.. precision.QuantizeExperts(w, k, n).Select(ExpertProduct.From)];
    }

    private static T* P<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is CpuBuffer<T> host ? host.Data : throw new ArgumentException("buffer belongs to another device", nameof(buffer));
}
