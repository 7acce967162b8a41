namespace MoeBench.Devices;

/// <summary>
/// Fused forms of the routed-expert FFN, offered by kernels that do better than the op-by-op composition: the
/// dispatch gathered by the up-projection while it packs its rows (no permuted copy of the activations) and SwiGLU
/// applied in the up-projection's epilogue (no [rows × 2·ffn] round trip). <see cref="Layers.MoeLayerExecutor"/>
/// uses them for fp32 experts when the device's <see cref="IDevice.Kernels"/> implements this; the layer is
/// validated against the same float64 reference either way.
/// </summary>
public interface IFusedExpertKernels
{
    /// <summary>
    /// The dispatch without copying rows: <paramref name="offsets"/> and <paramref name="slotRow"/> as
    /// <see cref="IMoeKernels.Permute"/> computes them, and <paramref name="rowToken"/>[r] = the token of kept row r.
    /// </summary>
    void PlanDispatch(
        DeviceBuffer<int> ids, int tokens, int topK, int ffnExperts, int capacity,
        DeviceBuffer<int> offsets, DeviceBuffer<int> slotRow, DeviceBuffer<int> rowToken);

    /// <summary>Routed experts' W13, [experts][k][2·ffn] (gate columns, then up), in the layout <see cref="ExpertsUpSwiglu"/> multiplies.</summary>
    IDeviceWeights LoadSwigluWeights(ReadOnlySpan<float> w13, int experts, int k, int ffn);

    /// <summary>act[r] = silu(x[t]·W_gate[g]) ⊙ (x[t]·W_up[g]) for each kept row r of expert g, t = rowToken[r].</summary>
    void ExpertsUpSwiglu(
        DeviceBuffer<float> x, DeviceBuffer<int> rowToken, DeviceBuffer<int> offsets, IDeviceWeights w13, int ffn, DeviceBuffer<float> act);
}
