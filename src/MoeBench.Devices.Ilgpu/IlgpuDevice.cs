using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Timing;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// One ILGPU accelerator — a CUDA GPU (<c>ilgpu:cuda:N</c>) or ILGPU's CPU accelerator (<c>ilgpu:cpu</c>) — with its
/// own context, so devices open and close independently. Every op runs in fp32 arithmetic with weights of any
/// supported format dequantized in the kernel. A GPU's work is timed by profiling markers (CUDA events); the CPU
/// accelerator runs kernels on host threads, so the host clock after synchronising is its honest timer.
/// </summary>
public sealed class IlgpuDevice : IDevice, ICalibratable, ITimingCapability
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly IlgpuKernels _kernels;

    internal IlgpuDevice(IlgpuTarget target)
    {
        var cuda = target.CudaIndex;
        _context = Context.Create(builder =>
        {
            if (cuda is null)
            {
                builder.DefaultCPU();
            }
            else
            {
                builder.Cuda().Profiling();
            }
        });
        try
        {
            _accelerator = cuda is { } index ? _context.CreateCudaAccelerator(index) : _context.CreateCPUAccelerator(0);
        }
        catch
        {
            _context.Dispose();
            throw;
        }

        Timer = cuda is null ? new HostClockTimer(this, TimeProvider.System) : new ProfilingMarkerTimer(_accelerator);
        _kernels = new IlgpuKernels(_accelerator, new IlgpuKernelSet(_accelerator, IlgpuKernelSet.TiledOn(_accelerator)));
        Info = IlgpuIdentity.Info(target.Id, _accelerator, Timer.Name);
    }

    public DeviceInfo Info { get; }

    public IMoeKernels Kernels => _kernels;

    public IDeviceTimer Timer { get; }

    /// <summary>
    /// Every op with fp32 activations; weights in f32 for all products and in bf16, int8 or int4 for
    /// <see cref="OpKind.QuantGroupedGemm"/>. The op catalogue's others (attention, all_to_all) are not MoE-block kernels here.
    /// </summary>
    public bool Supports(OpKind op, DType dtype) => op switch
    {
        OpKind.QuantGroupedGemm => true,
        OpKind.Gemm or OpKind.GroupedGemm or OpKind.Gate or OpKind.Permute or OpKind.Unpermute or OpKind.Swiglu or OpKind.RmsNorm => dtype == DType.F32,
        _ => false,
    };

    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation) =>
        IlgpuCalibration.Measure(_accelerator, Timer, settings, cancellation);

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => new IlgpuBuffer<T>(_accelerator, length);

    public void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged
    {
        var view = Own(destination).View;
        if (source.Length > view.Length)
        {
            throw new ArgumentException($"{source.Length} values do not fit a buffer of {destination.Length}", nameof(source));
        }

        if (!source.IsEmpty)
        {
            view.SubView(0, source.Length).CopyFromCPU(source);
        }
    }

    public void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged
    {
        var view = Own(source).View;
        if (!destination.IsEmpty)
        {
            view.SubView(0, destination.Length).CopyToCPU(destination);
        }
    }

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype) =>
        dtype == DType.F32
            ? new IlgpuWeights(_accelerator, weights, groups, k, n)
            : throw new NotSupportedException($"{Info.Id}: weights of type {dtype.ToName()} load through LoadQuantizedWeights (f32 only here)");

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups) => new IlgpuQuantWeights(_accelerator, groups);

    public void Synchronize() => _accelerator.Synchronize();

    public void Dispose()
    {
        _kernels.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    private static IlgpuBuffer<T> Own<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer as IlgpuBuffer<T> ?? throw new ArgumentException("buffer belongs to another device", nameof(buffer));
}
