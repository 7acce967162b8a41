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
public sealed class BlasDevice : IDevice, ICalibratable, IBandwidthProbe
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

    public DeviceInfo Info { get; }

    /// <summary>The process's one OpenBLAS, shared by every <c>cpu-blas</c> device.</summary>
    internal OpenBlasLibrary Library { get; }

    /// <summary>What runs: version, kernel set and threads all change the numbers.</summary>
    internal static string Details(OpenBlasLibrary library, CoreSelection selection) =>
        $"OpenBLAS {library.Version}, {selection.Kernels}, {library.Threads} threads";

    public IMoeKernels Kernels => _kernels;

    public bool Supports(OpKind op, DType dtype) => dtype == DType.F32 && op is OpKind.Gemm or OpKind.GroupedGemm;

    /// <summary>The hardware's roofs, measured as for <c>cpu</c>: a library does not change what the silicon can do.</summary>
    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation) =>
        CpuCalibration.Measure(settings, cancellation);

    public double ProbeBandwidth(long footprintBytes, CancellationToken cancellation) => CpuCalibration.ProbeBandwidth(footprintBytes, cancellation);

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => new CpuBuffer<T>(length);

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => source.CopyTo(Host(destination).Span);

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => Host(source).Span[..destination.Length].CopyTo(destination);

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) =>
        dtype == DType.F32
            ? new BlasWeights(weights, groups, k, n)
            : throw new NotSupportedException($"{DeviceId}: weights of type {dtype.ToName()} are not supported (f32 only)");

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) =>
        throw new NotSupportedException($"{DeviceId}: low-precision weights are not supported (OpenBLAS multiplies f32 only)");

    /// <summary>cblas_sgemm returns when its product is done, worker threads included.</summary>
    public void Synchronize()
    {
    }

    /// <summary>
    /// Nothing to free: buffers and weights are disposed by whoever allocated them, and the library stays loaded for
    /// the process (see <see cref="OpenBlasLibrary"/>).
    /// </summary>
    public void Dispose()
    {
    }

    private static CpuBuffer<T> Host<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer as CpuBuffer<T> ?? throw new ArgumentException("buffer belongs to another device", nameof(buffer));
}
