using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Devices.Timing;
using Silk.NET.OpenCL;
using DeviceInfo = MoeBench.Core.DeviceInfo;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// An OpenCL device: PoCL's CPU device here, a GPU or an FPGA board (running an offline-compiled binary) elsewhere.
/// Every op of <see cref="IMoeKernels"/> runs as an OpenCL C 1.2 kernel, quantized experts (bf16, int8, int4) decoded
/// in the GEMM's tile loads; work is timed by profiling events; roofs come from its own calibration kernels. The
/// identity names the platform, device, driver, OpenCL C version and the program (<see cref="ProgramProvenance.Identity"/>).
/// </summary>
public sealed class OpenClDevice : IDevice, ITimingCapability, ICalibratable
{
    private readonly OpenClQueue _queue;
    private readonly OpenClProgram _program;
    private readonly OpenClKernels _kernels;

    internal OpenClDevice(CL cl, OpenClDeviceId id, nint device, OpenClHardware hardware, ProgramCache cache, GemmForm form)
    {
        Hardware = hardware;
        _queue = new OpenClQueue(cl, device);
        try
        {
            _program = OpenClProgram.Load(cl, _queue.Context, device, hardware, cache, id.BinaryPath);
        }
        catch
        {
            _queue.Dispose();
            throw;
        }

        GemmForm = form;
        _kernels = new OpenClKernels(_queue, _program, form);
        Timer = new ProfilingEventTimer(_queue);
        Info = new DeviceInfo(
            id.ToString(),
            Backend: OpenClBackend.BackendName,
            Vendor: hardware.Vendor,
            Model: hardware.Name,
            Cores: hardware.ComputeUnits,
            Isa: [hardware.OpenClC],
            MemoryBytes: hardware.GlobalMemoryBytes,
            PeakFlopsF32: double.NaN,
            BandwidthBytesPerSecond: double.NaN,
            RoofSource: DeviceInfo.NotCalibrated,
            Kind: Provenance.Measured,
            Details: $"{hardware.Describe()}; {_program.Provenance.Identity}; {form.Describe()}")
        {
            Timer = ProfilingEventTimer.TimerName,
        };
    }

    public DeviceInfo Info { get; }

    public OpenClHardware Hardware { get; }

    /// <summary>Which kernel family runs the products (<see cref="GemmForms.For"/> the device class unless pinned).</summary>
    public GemmForm GemmForm { get; }

    /// <summary>Where this open's program came from: built now, the cache's binary, or an offline binary.</summary>
    public ProgramProvenance Program => _program.Provenance;

    public IMoeKernels Kernels => _kernels;

    public IDeviceTimer Timer { get; }

    /// <summary>Every op in fp32; the grouped products over bf16, int8 and int4 weights as well.</summary>
    public bool Supports(OpKind op, DType dtype) => op switch
    {
        OpKind.Gemm or OpKind.GroupedGemm or OpKind.Gate or OpKind.Permute or OpKind.Unpermute or OpKind.Swiglu or OpKind.RmsNorm => dtype == DType.F32,
        OpKind.QuantGroupedGemm => true,
        _ => false,
    };

    /// <summary>The program's binary as this driver built it: what a user saves to run the device from a binary later.</summary>
    public byte[] ProgramBinary() => _program.Binary();

    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation) =>
        new OpenClCalibration(_queue, _program, _kernels, Hardware).Measure(settings, cancellation);

    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged => new OpenClBuffer<T>(_queue, length);

    public unsafe void Upload<T>(ReadOnlySpan<T> source, DeviceBuffer<T> destination)
        where T : unmanaged
    {
        var buffer = Buffer(destination);
        if (source.Length > buffer.Length)
        {
            throw new ArgumentException($"{source.Length} values do not fit a buffer of {buffer.Length}", nameof(source));
        }

        fixed (T* s = source)
        {
            _queue.Write(buffer.Mem, s, (long)source.Length * sizeof(T));
        }
    }

    public unsafe void Download<T>(DeviceBuffer<T> source, Span<T> destination)
        where T : unmanaged
    {
        var buffer = Buffer(source);
        var count = Math.Min(buffer.Length, destination.Length);
        fixed (T* d = destination)
        {
            _queue.Read(buffer.Mem, d, (long)count * sizeof(T));
        }
    }

    public IDeviceWeights LoadWeights(ReadOnlySpan<float> weights, int groups, int k, int n, DType dtype)
    {
        if (dtype != DType.F32)
        {
            throw new NotSupportedException($"{Info.Id}: weights of type {dtype.ToName()} load through quantized weights, not here (f32 only)");
        }

        WeightShape.Check(weights, groups, k, n);

        return OpenClWeights.LoadF32(_queue, weights[..(groups * k * n)], groups, k, n);
    }

    public IDeviceWeights LoadQuantizedWeights(IReadOnlyList<QuantizedMatrix> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("no weight groups", nameof(groups));
        }

        if (groups.Any(q => q.K != groups[0].K || q.N != groups[0].N))
        {
            throw new ArgumentException($"every group must be [{groups[0].K} × {groups[0].N}]", nameof(groups));
        }

        return OpenClWeights.LoadQuantized(_queue, groups);
    }

    public void Synchronize() => _queue.Finish();

    public void Dispose()
    {
        _kernels.Dispose();
        _program.Dispose();
        _queue.Dispose();
    }

    private OpenClBuffer<T> Buffer<T>(DeviceBuffer<T> buffer)
        where T : unmanaged =>
        buffer is OpenClBuffer<T> cl && cl.Of(_queue) ? cl : throw new ArgumentException("buffer belongs to another device", nameof(buffer));
}
