using MoeBench.Core.Ops;

namespace MoeBench.Devices;

/// <summary>
/// The ops of an MoE block on one device. Activations are fp32 row-major; semantics are those of the float64
/// references in <c>MoeBench.Core.Reference.ReferenceOps</c>, which every implementation is validated against.
/// Calls may be asynchronous; <see cref="IDevice.Synchronize"/> waits for them.
/// </summary>
public interface IMoeKernels
{
    /// <summary>C[m × b.N] (+)= A[m × b.K] · B, where <paramref name="b"/> has one group.</summary>
    void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate);

    /// <summary>Rows offsets[g]..offsets[g+1] of A times weights group g; empty groups are allowed.</summary>
    void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c);

    /// <summary>
    /// <see cref="GroupedGemm"/> over weights from <see cref="IDevice.LoadQuantizedWeights"/> (bf16, int8, int4, or
    /// f32 groups mixed with them), dequantized on the fly; fp32 A and C.
    /// </summary>
    void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c);

    /// <summary>Router GEMM, optional logit bias, score, group limit, top-k and weight normalisation.</summary>
    void Gate(
        DeviceBuffer<float> x, IDeviceWeights router, DeviceBuffer<float>? logitBias, GateSpec spec, int tokens,
        DeviceBuffer<int> ids, DeviceBuffer<float> weights);

    /// <summary>Dispatch: group each kept (token, slot) row by FFN expert; see <c>ReferenceOps.DispatchPlan</c>.</summary>
    void Permute(
        DeviceBuffer<float> x, DeviceBuffer<int> ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        DeviceBuffer<float> xPermuted, DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow);

    /// <summary>Weighted combine of expert rows (and zero-computation experts) back to token order.</summary>
    void Unpermute(
        DeviceBuffer<float> yPermuted, DeviceBuffer<int> slotRow, DeviceBuffer<int> ids, DeviceBuffer<float> weights,
        DeviceBuffer<float> x, DeviceBuffer<float> constants, CombineSpec combine, int tokens, int topK, int hidden,
        DeviceBuffer<float> y, bool accumulate);

    /// <summary>
    /// out[r, j] = silu(gateUp[r, j]) · gateUp[r, ffn + j] for r below <paramref name="maxRows"/>, or below the last
    /// entry of <paramref name="groupOffsets"/> when given — the kept row count of a dispatch, read on the device so
    /// a layer needs no mid-pass synchronisation.
    /// </summary>
    void Swiglu(DeviceBuffer<float> gateUp, int maxRows, DeviceBuffer<int>? groupOffsets, int ffn, DeviceBuffer<float> output);

    /// <summary>y = x / sqrt(mean(x²) + ε) · γ per row.</summary>
    void RmsNorm(DeviceBuffer<float> x, DeviceBuffer<float> gamma, int rows, int hidden, float epsilon, DeviceBuffer<float> y);
}
