using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu.Kernels;
using MoeBench.Devices.Cpu.Ops;

namespace MoeBench.Devices.Cpu;

/// <summary>The managed CPU implementation of every op: AVX-512 (or AVX2) kernels on all cores.</summary>
internal sealed unsafe class CpuKernels : IMoeKernels, IDisposable
{
    private CpuBuffer<float>? _logits;

    public void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        if (w.Groups != 1)
        {
            throw new ArgumentException($"gemm needs one weight matrix, got {w.Groups} groups", nameof(b));
        }

        Sgemm.Multiply(P(a), w.K, w.Packed[0], P(c), w.N, m, accumulate);
    }

    public void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        GroupedSgemm.Multiply(P(a), P(offsets), Weights(b).Packed, P(c));

    public void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights)
    {
        var w = Weights(router);
        var needed = tokens * spec.Experts;
        if (_logits is null || _logits.Length < needed)
        {
            _logits?.Dispose();
            _logits = new CpuBuffer<float>(needed);
        }

        Sgemm.Multiply(P(x), w.K, w.Packed[0], _logits.Data, w.N, tokens, accumulate: false);
        CpuGateSelect.Run(_logits.Data, logitBias is null ? null : P(logitBias), spec, tokens, P(ids), P(weights));
    }

    public void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow) =>
        CpuPermute.Run(P(x), P(ids), tokens, topK, hidden, ffnExperts, capacity, P(xPermuted), P(offsets), P(slotRow));

    public void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate) =>
        CpuUnpermute.Run(P(yPermuted), P(slotRow), P(ids), P(weights), P(x), P(constants), combine, tokens, topK, hidden, P(y), accumulate);

    public void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output) =>
        CpuSwiglu.Run(P(gateUp), groupOffsets is null ? maxRows : Math.Min(maxRows, P(groupOffsets)[groupOffsets.Length - 1]), ffn, P(output));

    public void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y) =>
        CpuRmsNorm.Run(P(x), P(gamma), rows, hidden, epsilon, P(y));

    public void Dispose()
    {
        _logits?.Dispose();
        _logits = null;
    }

    private static T* P<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is CpuBuffer<T> cpu ? cpu.Data : throw new ArgumentException("buffer belongs to another device", nameof(buffer));

    private static CpuWeights Weights(IDeviceWeights weights) =>
        weights as CpuWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
