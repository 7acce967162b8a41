using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// GEMM through ggml_mul_mat and the expert GEMMs through ggml_mul_mat_id, on ggml's CPU backend with all cores.
/// ggml has MoE ops of its own (argsort top-k, get_rows), but not MoeBench's op boundaries and semantics (capacity,
/// zero-computation experts, grouped routing), so the routing ops are refused here and skipped by the suite runner,
/// as <see cref="GgmlDevice.Supports"/> says first. Sizes are checked before each native call.
/// </summary>
internal sealed unsafe class GgmlKernels(nint backend)
    : ProductKernels(GgmlDevice.DeviceId, "this device runs llama.cpp's matrix products: gemm, grouped_gemm, quant_grouped_gemm")
{
    public override void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        SingleProduct(a, w, c, m);
        if (m == 0)
        {
            return;
        }

        var key = new GraphKey(a, c, 0, m, accumulate);
        if (!w.Graphs.TryGetValue(key, out var graph))
        {
            graph = GgmlGraph.Gemm(w, Host(a), Host(c), m, accumulate);
            w.Graphs[key] = graph;
        }

        graph.Compute(backend);
    }

    public override void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    /// <summary>The same product as <see cref="GroupedGemm"/>: the weights' ggml type (bf16, q8_0, q4_0) picks ggml's kernel.</summary>
    public override void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    /// <summary>
    /// Rows offsets[g]..offsets[g+1] of A belong to expert g; ggml takes that as an expert id per row, written into the
    /// graph's ids each call (a few hundred integers: what llama.cpp's router hands ggml_mul_mat_id every step).
    /// </summary>
    private void Grouped(DeviceBuffer<float> a, DeviceBuffer<int> offsets, GgmlWeights w, DeviceBuffer<float> c)
    {
        var off = GroupOffsets(offsets, w.Groups, a, w.K, c, w.N);
        var first = off[0];
        var rows = off[w.Groups] - first;
        if (rows == 0)
        {
            return;
        }

        var key = new GraphKey(a, c, first, rows, Accumulate: false);
        if (!w.Graphs.TryGetValue(key, out var graph))
        {
            graph = GgmlGraph.Grouped(w, Host(a) + ((long)first * w.K), Host(c) + ((long)first * w.N), rows);
            w.Graphs[key] = graph;
        }

        var expertOfRow = graph.ExpertOfRow(rows);
        for (var g = 0; g < w.Groups; g++)
        {
            expertOfRow[(off[g] - first)..(off[g + 1] - first)].Fill(g);
        }

        graph.Compute(backend);
    }

    private static GgmlWeights Weights(IDeviceWeights weights) =>
        weights as GgmlWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
