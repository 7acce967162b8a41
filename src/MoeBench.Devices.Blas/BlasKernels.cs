using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu;

namespace MoeBench.Devices.Blas;

/// <summary>
/// GEMM and grouped GEMM through cblas_sgemm; OpenBLAS has no MoE routing ops, so the rest throw (the device's
/// <see cref="BlasDevice.Supports"/> says so first, and the suite runner skips those cases).
/// Sizes are checked before each native call: a short buffer here would be a silent heap overwrite, not an exception.
/// </summary>
internal sealed unsafe class BlasKernels(OpenBlasLibrary blas, string core) : IMoeKernels
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
        if (m > 0)
        {
            blas.Sgemm(core, m, w.N, w.K, P(a), w.Group(0), P(c), accumulate);
        }
    }

    /// <summary>One cblas_sgemm per non-empty group, as a caller without a grouped BLAS API would write it.</summary>
    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = Weights(b);
        RequireLength(offsets, w.Groups + 1L, nameof(offsets));
        var off = P(offsets);
        for (var g = 0; g < w.Groups; g++)
        {
            if (off[g] < 0 || off[g + 1] < off[g])
            {
                throw new ArgumentException($"offsets must start at 0 or more and never decrease (group {g}: {off[g]}..{off[g + 1]})", nameof(offsets));
            }
        }

        RequireLength(a, (long)off[w.Groups] * w.K, nameof(a));
        RequireLength(c, (long)off[w.Groups] * w.N, nameof(c));
        for (var g = 0; g < w.Groups; g++)
        {
            var rows = off[g + 1] - off[g];
            if (rows > 0)
            {
                blas.Sgemm(core, rows, w.N, w.K, P(a) + ((long)off[g] * w.K), w.Group(g), P(c) + ((long)off[g] * w.N), accumulate: false);
            }
        }
    }

    public void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        throw Unsupported(OpKind.QuantGroupedGemm);

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

    private static NotSupportedException Unsupported(OpKind op) =>
        new($"{BlasDevice.DeviceId}: {op.ToName()} is not supported (OpenBLAS provides GEMM only; this device runs gemm and grouped_gemm in f32)");

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

    private static BlasWeights Weights(IDeviceWeights weights) =>
        weights as BlasWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
