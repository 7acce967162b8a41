using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// Every op of the catalogue as ONNX graphs run by ONNX Runtime: the products here, routing in
/// <c>OnnxKernels.Routing.cs</c>, SwiGLU and RMSNorm in <c>OnnxKernels.Elementwise.cs</c>. Graphs that hold no
/// weights are built once per shape and kept here; a row count that changes per call is a symbolic dimension.
/// </summary>
internal sealed unsafe partial class OnnxKernels(OnnxDeviceContext context) : IMoeKernels, IDisposable
{
    private readonly Dictionary<object, OnnxSession> _graphs = [];

    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        SingleProduct(a, w, c, m);
        if (m == 0)
        {
            return;
        }

        var output = OnnxTensor.Of(Host(c), m, w.N);
        if (!accumulate)
        {
            w.Product(0).Run([OnnxTensor.Of(Host(a), m, w.K)], [output]);
            return;
        }

        // C = A·B + C0 with C0 and C the same memory: the Add reads each element before writing it.
        var session = Cached(w.Graphs, "accumulate", () =>
        {
            var model = new OnnxModel();
            var x = model.Input("a", OnnxType.Float, OnnxModel.Rows, w.K);
            var c0 = model.Input("c0", OnnxType.Float, OnnxModel.Rows, w.N);
            model.Output(model.Node("Add", [w.Products[0].Multiply(model, x), c0]), OnnxType.Float, OnnxModel.Rows, w.N);
            return model;
        });
        session.Run([OnnxTensor.Of(Host(a), m, w.K), output], [output]);
    }

    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    /// <summary>The same per-group products as <see cref="GroupedGemm"/>: each group's session carries its own format.</summary>
    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    public void Dispose()
    {
        foreach (var session in _graphs.Values)
        {
            session.Dispose();
        }

        _graphs.Clear();
    }

    /// <summary>Rows offsets[g]..offsets[g+1] of A through group g's session, straight into the same rows of C; empty groups are not run.</summary>
    private static void Grouped(DeviceBuffer<float> a, DeviceBuffer<int> offsets, OnnxWeights w, DeviceBuffer<float> c)
    {
        var off = GroupOffsets(offsets, w.Groups, a, w.K, c, w.N);
        for (var g = 0; g < w.Groups; g++)
        {
            var rows = off[g + 1] - off[g];
            if (rows > 0)
            {
                w.Product(g).Run(
                    [OnnxTensor.Of(Host(a) + ((long)off[g] * w.K), rows, w.K)],
                    [OnnxTensor.Of(Host(c) + ((long)off[g] * w.N), rows, w.N)]);
            }
        }
    }

    private OnnxSession Cached(Dictionary<object, OnnxSession> cache, object key, Func<OnnxModel> build)
    {
        if (!cache.TryGetValue(key, out var session))
        {
            session = new OnnxSession(build(), context);
            cache[key] = session;
        }

        return session;
    }

    private OnnxSession Cached(object key, Func<OnnxModel> build) => Cached(_graphs, key, build);

    private static OnnxWeights Weights(IDeviceWeights weights) =>
        weights as OnnxWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
