using MoeBench.Core.Ops;
using static MoeBench.Devices.KernelArguments;

namespace MoeBench.Devices.Blas;

/// <summary>
/// GEMM and grouped GEMM through cblas_sgemm; OpenBLAS has no MoE routing ops, so the rest throw (the device's
/// <see cref="BlasDevice.Supports"/> says so first, and the suite runner skips those cases).
/// Sizes are checked before each native call: a short buffer here would be a silent heap overwrite, not an exception.
/// </summary>
internal sealed unsafe class BlasKernels(OpenBlasLibrary blas, string core)
    : ProductKernels(BlasDevice.DeviceId, "OpenBLAS provides GEMM only; this device runs gemm and grouped_gemm in f32")
{
    public override void Gemm(DeviceBuffer<float> a, IDeviceWeights b, DeviceBuffer<float> c, int m, bool accumulate)
    {
        var w = Weights(b);
        SingleProduct(a, w, c, m);
        if (m > 0)
        {
            blas.Sgemm(core, m, w.N, w.K, Host(a), w.Group(0), Host(c), accumulate);
        }
    }

    /// <summary>One cblas_sgemm per non-empty group, as a caller without a grouped BLAS API would write it.</summary>
    public override void GroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c)
    {
        var w = Weights(b);
        var off = GroupOffsets(offsets, w.Groups, a, w.K, c, w.N);
        for (var g = 0; g < w.Groups; g++)
        {
            var rows = off[g + 1] - off[g];
            if (rows > 0)
            {
                blas.Sgemm(core, rows, w.N, w.K, Host(a) + ((long)off[g] * w.K), w.Group(g), Host(c) + ((long)off[g] * w.N), accumulate: false);
            }
        }
    }

    public override void QuantGroupedGemm(DeviceBuffer<float> a, DeviceBuffer<int> offsets, IDeviceWeights b, DeviceBuffer<float> c) =>
        throw Unsupported(OpKind.QuantGroupedGemm);

    private static BlasWeights Weights(IDeviceWeights weights) =>
        weights as BlasWeights ?? throw new ArgumentException("weights belong to another device", nameof(weights));
}
