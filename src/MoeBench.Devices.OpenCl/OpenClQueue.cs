using Silk.NET.OpenCL;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// One in-order command queue with profiling enabled (CL_QUEUE_PROFILING_ENABLE), and the context it lives in. Every
/// command goes through here, so while <see cref="Time"/> runs each command's event is kept and the span is read from
/// the device's own clock: the first command's start to the last one's end.
/// </summary>
internal sealed unsafe class OpenClQueue : IDisposable
{
    private readonly CL _cl;
    private nint _context;
    private nint _queue;
    private List<nint>? _recording;

    public OpenClQueue(CL cl, nint device)
    {
        _cl = cl;
        int code;
        _context = cl.CreateContext(null, 1, &device, null, null, &code);
        ClCall.Check(code, "clCreateContext");
        _queue = cl.CreateCommandQueue(_context, device, CommandQueueProperties.ProfilingEnable, &code);
        if (code != 0)
        {
            cl.ReleaseContext(_context);
            ClCall.Check(code, "clCreateCommandQueue");
        }
    }

    public CL Api => _cl;

    public nint Context => _context;

    public nint CreateBuffer(long bytes)
    {
        int code;
        // clCreateBuffer refuses size 0; an empty tensor still gets a handle kernels can be given.
        var mem = _cl.CreateBuffer(_context, MemFlags.ReadWrite, (nuint)Math.Max(bytes, 4), null, &code);
        ClCall.Check(code, $"clCreateBuffer({bytes} bytes)");
        return mem;
    }

    public void Release(nint mem) => _cl.ReleaseMemObject(mem);

    /// <summary>Copies <paramref name="bytes"/> from host memory; blocking, so the host memory may go away after.</summary>
    public void Write(nint mem, void* source, long bytes, long offset = 0)
    {
        if (bytes > 0)
        {
            nint e = 0;
            ClCall.Check(_cl.EnqueueWriteBuffer(_queue, mem, true, (nuint)offset, (nuint)bytes, source, 0, null, Event(&e)), "clEnqueueWriteBuffer");
            Keep(e);
        }
    }

    /// <summary>Copies <paramref name="bytes"/> to host memory; blocking.</summary>
    public void Read(nint mem, void* destination, long bytes)
    {
        if (bytes > 0)
        {
            nint e = 0;
            ClCall.Check(_cl.EnqueueReadBuffer(_queue, mem, true, 0, (nuint)bytes, destination, 0, null, Event(&e)), "clEnqueueReadBuffer");
            Keep(e);
        }
    }

    /// <summary>Enqueues <paramref name="kernel"/> over <paramref name="global"/> work-items, in groups of <paramref name="local"/> (the driver's choice when empty).</summary>
    public void Launch(nint kernel, ReadOnlySpan<nuint> global, ReadOnlySpan<nuint> local = default)
    {
        foreach (var g in global)
        {
            if (g == 0)
            {
                return; // nothing to do; clEnqueueNDRangeKernel refuses an empty range
            }
        }

        nint e = 0;
        fixed (nuint* g = global)
        fixed (nuint* l = local)
        {
            ClCall.Check(_cl.EnqueueNdrangeKernel(_queue, kernel, (uint)global.Length, null, g, local.IsEmpty ? null : l, 0, null, Event(&e)), "clEnqueueNDRangeKernel");
        }

        Keep(e);
    }

    public void Finish() => ClCall.Check(_cl.Finish(_queue), "clFinish");

    /// <summary>
    /// Runs <paramref name="work"/>, waits for its commands and returns the device time from the first one's start to
    /// the last one's end (CL_PROFILING_COMMAND_START/END, nanoseconds of the device's clock); zero where it enqueued none.
    /// </summary>
    public TimeSpan Time(Action work)
    {
        Finish();
        _recording = [];
        try
        {
            work();
            Finish();
            if (_recording.Count == 0)
            {
                return TimeSpan.Zero;
            }

            ulong start = ulong.MaxValue, end = 0;
            foreach (var e in _recording)
            {
                start = Math.Min(start, Profile(e, ProfilingInfo.Start));
                end = Math.Max(end, Profile(e, ProfilingInfo.End));
            }

            return TimeSpan.FromTicks((long)((end - start) / 100));
        }
        finally
        {
            foreach (var e in _recording)
            {
                _cl.ReleaseEvent(e);
            }

            _recording = null;
        }
    }

    public void Dispose()
    {
        if (_queue != 0)
        {
            _cl.ReleaseCommandQueue(_queue);
            _queue = 0;
        }

        if (_context != 0)
        {
            _cl.ReleaseContext(_context);
            _context = 0;
        }
    }

    private ulong Profile(nint e, ProfilingInfo what)
    {
        ulong value;
        ClCall.Check(_cl.GetEventProfilingInfo(e, what, sizeof(ulong), &value, null), "clGetEventProfilingInfo");
        return value;
    }

    /// <summary>Where the command's event goes: kept while timing, not created otherwise.</summary>
    private nint* Event(nint* slot) => _recording is null ? null : slot;

    private void Keep(nint e)
    {
        _recording?.Add(e);
    }
}
