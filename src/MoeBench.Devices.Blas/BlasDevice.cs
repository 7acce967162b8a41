using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Blas;

/// <summary>
/// OpenBLAS sgemm on the host CPU: the vendor-library baseline the managed <c>cpu</c> device is measured against.
/// Same silicon, so the same roofs, measured by the CPU's calibration code; what differs is the kernel library, named with its version, kernel
/// set and threads in <see cref="DeviceInfo.Details"/> (part of the identity: a Haswell-kernel run and a
/// SkylakeX-kernel run are different baselines and must not be compared as one).
/// </summary>
public sealed class BlasDevice : HostMemoryDevice
{
    public const string DeviceId = "cpu-blas";

    private readonly BlasKernels _kernels;

    internal BlasDevice(OpenBlasLibrary library, CoreSelection selection)
    {
        Library = library;
        _kernels = new BlasKernels(library, selection.Core);
        Info = new DeviceInfo(
            selection.DeviceId,
            Backend: BlasBackend.BackendName,
            Vendor: CpuIdentity.ModelName.Split(' ')[0],
            Model: CpuIdentity.ModelName,
            Cores: CpuIdentity.Cores,
            Isa: CpuIdentity.Isa,
            MemoryBytes: CpuIdentity.MemoryBytes,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: Details(library, selection));
    }

    public override DeviceInfo Info { get; }

    /// <summary>The process's one OpenBLAS, shared by every <c>cpu-blas</c> device.</summary>
    internal OpenBlasLibrary Library { get; }

    /// <summary>What runs: version, kernel set and threads all change the numbers.</summary>
    internal static string Details(OpenBlasLibrary library, CoreSelection selection) =>
        $"OpenBLAS {library.Version}, {selection.Kernels}, {library.Threads} threads";

    public override IMoeKernels Kernels => _kernels;

    public override bool Supports(OpKind op, DType dtype) => dtype == DType.F32 && op is OpKind.Gemm or OpKind.GroupedGemm;

    public override IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) =>
        dtype == DType.F32
            ? new BlasWeights(weights, groups, k, n)
            : throw new NotSupportedException($"{DeviceId}: weights of type {dtype.ToName()} are not supported (f32 only)");

    public override IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) =>
        throw new NotSupportedException($"{DeviceId}: low-precision weights are not supported (OpenBLAS multiplies f32 only)");

    /// <summary>
    /// Nothing to free: buffers and weights are disposed by whoever allocated them, and the library stays loaded for
    /// the process (see <see cref="OpenBlasLibrary"/>).
    /// </summary>
    public override void Dispose()
    {
    }
}
