using MoeBench.Core.Ops;

namespace MoeBench.Devices;

/// <summary>
/// Kernels of a library that provides matrix products only (OpenBLAS, llama.cpp's ggml): a subclass implements the
/// products, and every routing and elementwise op throws with the device's reason. The device's <c>Supports</c> says
/// so first, and the suite runner skips those cases.
/// </summary>
/// <param name="deviceId">The device id errors name.</param>
/// <param name="why">What the device runs instead, for the error (e.g. "OpenBLAS provides GEMM only").</param>
public abstract class ProductKernels(string deviceId, string why) : IMoeKernels
{
    public abstract void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate);

    public abstract void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c);

    public abstract void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c);

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

    /// <summary>The error an op the library lacks throws: names the device, the op and what it runs instead.</summary>
    protected NotSupportedException Unsupported(OpKind op) => new($"{deviceId}: {op.ToName()} is not supported ({why})");
}
