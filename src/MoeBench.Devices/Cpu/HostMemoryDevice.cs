using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Cpu.Calibration;

namespace MoeBench.Devices.Cpu;

/// <summary>
/// What every device that computes on this machine's CPU in this process's memory shares: buffers are host arrays
/// (<see cref="CpuBuffer{T}"/>), upload and download are copies, and the roofs are the silicon's, measured as for
/// <c>cpu</c> (<see cref="CpuCalibration"/>) — a library (OpenBLAS, ggml, ONNX Runtime) does not change what the
/// hardware can do. The managed kernels' device and the OpenBLAS, ggml and ONNX Runtime devices derive from it.
/// </summary>
public abstract class HostMemoryDevice : IDevice, ICalibratable, IBandwidthProbe
{
    public abstract DeviceInfo Info { get; }

    public abstract IMoeKernels Kernels { get; }

    public abstract bool Supports(OpKind op, DType dtype);

    public abstract IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype);

    public abstract IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups);

    public abstract void Dispose();

    /// <summary>Every host kernel returns when its work is done, a library's worker threads included.</summary>
    public void Synchronize()
    {
    }

    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation) =>
        CpuCalibration.Measure(settings, cancellation);

    public double ProbeBandwidth(long footprintBytes, CancellationToken cancellation) => CpuCalibration.ProbeBandwidth(footprintBytes, cancellation);

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => new CpuBuffer<T>(length);

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged => source.CopyTo(KernelArguments.HostBuffer(destination).Span);

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged => KernelArguments.HostBuffer(source).Span[..destination.Length].CopyTo(destination);
}
