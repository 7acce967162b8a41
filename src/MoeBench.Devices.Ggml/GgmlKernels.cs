using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Ggml;

/// <summary>
/// GEMM through ggml_mul_mat and the expert GEMMs through ggml_mul_mat_id, on ggml's CPU backend with all cores.
/// ggml has MoE ops of its own (argsort top-k, get_rows), but not MoeBench's op boundaries and semantics (capacity,
/// zero-computation experts, grouped routing), so the routing ops are refused here and skipped by the suite runner,
/// as <see cref="GgmlDevice.Supports"/> says first. Sizes are checked before each native call.
/// </summary>
internal sealed unsafe class GgmlKernels(nint backend) : IMoeKernels
{
    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        if (w.Groups != 1)
        {
            throw new ArgumentException($"gemm needs one weight matrix, got {w.Groups} groups", nameof(b));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(m);
        RequireLength(a, (long)m * w.K, nameof(a));
        RequireLength(c, (long)m * w.N, nameof(c));
        if (m == 0)
        {
            return;
        }

        var key = new GraphKey(a, c, 0, m, accumulate);
        if (!w.Graphs.TryGetValue(key, out var graph))
        {
            graph = GgmlGraph.Gemm(w, P(a), P(c), m, accumulate);
            w.Graphs[key] = graph;
        }

        graph.Compute(backend);
    }

    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    /// <summary>The same product as <see cref="GroupedGemm"/>: the weights' ggml type (bf16, q8_0, q4_0) picks ggml's kernel.</summary>
    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        Grouped(a, offsets, Weights(b), c);

    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights) => throw Unsupported(OpKind.Gate);

    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow) => throw Unsupported(OpKind.Permute);

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate) => throw Unsupported(OpKind.Unpermute);

    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output) =>
        throw Unsupported(OpKind.Swiglu);

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y) =>
        throw Unsupported(OpKind.RmsNorm);

    /// <summary>
    /// Rows offsets[g]..offsets[g+1] of A belong to expert g; ggml takes that as an expert id per row, written into the
    /// graph's ids each call (a few hundred integers: what llama.cpp's router hands ggml_mul_mat_id every step).
    /// </summary>
    private void Grouped(DeviceBuffer<float> a, DeviceBuffer<int> offsets, GgmlWeights w, DeviceBuffer<float> c)
    {
        RequireLength(offsets, w.Groups + 1L, nameof(offsets));
        var off = P(offsets);
        for (var g = 0; g < w.Groups; g++)
        {
            if (off[g] < 0 || off[g + 1] < off[g])
            {
                throw new ArgumentException($"offsets must start at 0 or more and never decrease (group {g}: {off[g]}..{off[g + 1]})", nameof(offsets));
            }
        }

        var first = off[0];
        var rows = off[w.Groups] - first;
        RequireLength(a, (long)off[w.Groups] * w.K, nameof(a));
        RequireLength(c, (long)off[w.Groups] * w.N, nameof(c));
        if (rows == 0)
        {
            return;
        }

        var key = new GraphKey(a, c, first, rows, Accumulate: false);
        if (!w.Graphs.TryGetValue(key, out var graph))
        {
            graph = GgmlGraph.Grouped(w, P(a) + ((long)first * w.K), P(c) + ((long)first * w.N), rows);
            w.Graphs[key] = graph;
        }

        var expertOfRow = graph.ExpertOfRow(rows);
        for (var g = 0; g < w.Groups; g++)
        {
            expertOfRow[(off[g] - first)..(off[g + 1] - first)].Fill(g);
        }

        graph.Compute(backend);
    }

    private static NotSupportedException Unsupported(OpKind op) =>
        new($"{GgmlDevice.DeviceId}: {op.ToName()} is not supported (this device runs llama.cpp's matrix products: gemm, grouped_gemm, quant_grouped_gemm)");

    private static void RequireLength<T>(DeviceBuffer<T> buffer, long needed, string name)
        where T : unmanaged
    {
        if (buffer.Length < needed)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} values, the product needs {needed}", name);
        }
    }

    private static T* P<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is CpuBuffer<T> host ? host.Data : throw new ArgumentException("buffer belongs to another device", nameof(buffer));

    private static GgmlWeights Weights(IDeviceWeights weights) =>
        weights as GgmlWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
