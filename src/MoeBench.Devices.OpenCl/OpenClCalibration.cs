using System.Runtime.InteropServices;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Core.Inputs;

namespace MoeBench.Devices.OpenCl;

/// <summary>
/// The device's roofs from its own kernels, each timed by profiling events and the best of
/// <see cref="CalibrationSettings.Attempts"/>: the FMA peak (calibrate_fma.cl) and, as a second fp32 path, the device's
/// own GEMM at <see cref="GemmSize"/>³ — a roof is the most the device has shown, and on PoCL the FMA loop's float8
/// chains do not always out-run the register-blocked GEMM (57–116 GFLOP/s against up to 56 on the shared 2-core
/// machine) —, the global-memory read stream
/// (calibrate_stream.cl, over several times the device's global-memory cache, the faster of two access patterns) and the host↔device link
/// (clEnqueueWriteBuffer / clEnqueueReadBuffer of <see cref="LinkBytes"/>).
/// </summary>
internal sealed unsafe class OpenClCalibration(OpenClQueue queue, OpenClProgram program, OpenClKernels kernels, OpenClHardware hardware)
{
    private const long LinkBytes = 64L << 20;
    private const long MinStreamBytes = 64L << 20;
    private const long MaxStreamBytes = 512L << 20;
    private const int GemmSize = 1024;

    /// <summary>Work-items per compute unit for the FMA loop: enough groups that every unit stays busy.</summary>
    private const int FmaItemsPerUnit = 1024;

    /// <summary>FLOPs per work-item per iteration: 8 chains × 8 lanes × 2 (an FMA counts two).</summary>
    private const int FmaFlopsPerIteration = 8 * 8 * 2;

    public DeviceRoofs Measure(CalibrationSettings settings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (flops, iterations) = FmaPeak(settings, cancellation);
        var streamBytes = Math.Clamp(settings.StreamCacheMultiple * hardware.CacheBytes, MinStreamBytes, Math.Min(MaxStreamBytes, hardware.GlobalMemoryBytes / 4));
        var (stream, pattern) = StreamBandwidth(streamBytes, settings.Attempts, cancellation);
        var (write, read) = LinkBandwidth(Math.Min(LinkBytes, hardware.GlobalMemoryBytes / 4), settings.Attempts, cancellation);
        var gemm = GemmPeak(settings.Attempts, cancellation);
        var units = hardware.ComputeUnits;
        return new DeviceRoofs(
            units,
            [new PeakRoof(DType.F32, "opencl-fma", flops / units, flops), new PeakRoof(DType.F32, "opencl-gemm", gemm / units, gemm)],
            [new MemoryTier("global", hardware.GlobalMemoryBytes, stream, double.NaN)],
            [new DeviceLink("host-to-device", write, double.NaN), new DeviceLink("device-to-host", read, double.NaN)],
            $"OpenCL kernels timed by profiling events, best of {settings.Attempts}: calibrate_fma (8 float8 FMA chains per work-item, "
            + $"{units * FmaItemsPerUnit} work-items), the device's gemm at {GemmSize}³, calibrate_stream (float4 read stream over {streamBytes >> 20} MiB, best pattern {pattern}), "
            + $"clEnqueueWriteBuffer/ReadBuffer of {LinkBytes >> 20} MiB; single-thread figure = all ÷ compute units",
            new Dictionary<string, double>
            {
                ["fma_iterations"] = iterations,
                ["stream_bytes"] = streamBytes,
                ["link_bytes"] = LinkBytes,
                ["compute_units"] = units,
            });
    }

    /// <summary>Iterations grown until one launch lasts the attempt time; the best rate of the attempts.</summary>
    private (double Flops, int Iterations) FmaPeak(CalibrationSettings settings, CancellationToken cancellation)
    {
        var items = hardware.ComputeUnits * FmaItemsPerUnit;
        using var sink = new Buffer(queue, items * sizeof(float));
        var kernel = program.Kernel("calibrate_fma");
        var iterations = 64;
        var elapsed = Run(iterations);
        while (elapsed < settings.ComputeAttemptTime && iterations < (1 << 24))
        {
            cancellation.ThrowIfCancellationRequested();
            iterations *= 2;
            elapsed = Run(iterations);
        }

        var best = elapsed;
        for (var attempt = 1; attempt < settings.Attempts; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            var t = Run(iterations);
            best = t < best ? t : best;
        }

        return ((double)items * iterations * FmaFlopsPerIteration / best.TotalSeconds, iterations);

        TimeSpan Run(int n)
        {
            new KernelArgs(queue.Api, kernel).Add(n).Add(1.0f).Add(sink.Mem);
            return queue.Time(() => queue.Launch(kernel, [(nuint)items]));
        }
    }

    /// <summary>
    /// The faster of the two read patterns of calibrate_stream.cl, each with as many work-items as the device has
    /// compute units × 256 (coalesced) or × 1 and × 64 (contiguous runs): the bytes divide evenly among all of them.
    /// </summary>
    /// <summary>FLOP/s of the fastest of <paramref name="attempts"/> <see cref="GemmSize"/>³ products by the device's gemm kernel.</summary>
    private double GemmPeak(int attempts, CancellationToken cancellation)
    {
        const long Elements = (long)GemmSize * GemmSize;
        using var a = new Buffer(queue, Elements * sizeof(float));
        using var b = new Buffer(queue, Elements * sizeof(float));
        using var c = new Buffer(queue, Elements * sizeof(float));
        var values = SeededInputs.Uniform(SeededInputs.For(GemmSize, "calibration"), (int)Elements, 0.5f, 1.5f);
        fixed (float* v = values)
        {
            queue.Write(a.Mem, v, Elements * sizeof(float));
            queue.Write(b.Mem, v, Elements * sizeof(float));
        }

        return Best(attempts, 2L * GemmSize * GemmSize * GemmSize, () => kernels.Gemm(a.Mem, b.Mem, c.Mem, GemmSize, GemmSize, GemmSize, accumulate: false), cancellation);
    }

    private (double Bandwidth, string Pattern) StreamBandwidth(long bytes, int attempts, CancellationToken cancellation)
    {
        // Whole float4s per work-item for every launch below, so the bytes counted are the bytes read.
        var units = hardware.ComputeUnits;
        var count = (int)(bytes / 16 / (units * 256L) * (units * 256L));
        bytes = count * 16L;
        using var source = new Buffer(queue, bytes);
        using var sink = new Buffer(queue, units * 256L * sizeof(float));
        var ones = new float[1 << 20];
        Array.Fill(ones, 1f);
        fixed (float* o = ones)
        {
            for (long offset = 0; offset < bytes; offset += ones.Length * sizeof(float))
            {
                queue.Write(source.Mem, o, Math.Min(ones.Length * sizeof(float), bytes - offset), offset);
            }
        }

        var best = (Bandwidth: 0.0, Pattern: string.Empty);
        foreach (var (name, items) in new[] { ("coalesced", units * 256), ("contiguous", units), ("contiguous", units * 64) })
        {
            var kernel = program.Kernel($"calibrate_stream_{name}");
            new KernelArgs(queue.Api, kernel).Add(source.Mem).Add(count).Add(sink.Mem);
            var bandwidth = Best(attempts, bytes, () => queue.Launch(kernel, [(nuint)items]), cancellation);
            best = bandwidth > best.Bandwidth ? (bandwidth, $"{name}, {items} work-items") : best;
        }

        return best;
    }

    private (double Write, double Read) LinkBandwidth(long bytes, int attempts, CancellationToken cancellation)
    {
        using var device = new Buffer(queue, bytes);
        var host = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        try
        {
            new Span<byte>(host, (int)bytes).Fill(1);
            var write = Best(attempts, bytes, () => queue.Write(device.Mem, host, bytes), cancellation);
            var read = Best(attempts, bytes, () => queue.Read(device.Mem, host, bytes), cancellation);
            return (write, read);
        }
        finally
        {
            NativeMemory.AlignedFree(host);
        }
    }

    /// <summary><paramref name="amount"/> (bytes, or FLOPs) per second of the fastest of <paramref name="attempts"/> runs of <paramref name="work"/>.</summary>
    private double Best(int attempts, long amount, Action work, CancellationToken cancellation)
    {
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < Math.Max(attempts, 1); attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            var t = queue.Time(work);
            best = t > TimeSpan.Zero && t < best ? t : best;
        }

        return amount / best.TotalSeconds;
    }

    /// <summary>A scratch device buffer for one measurement.</summary>
    private sealed class Buffer(OpenClQueue queue, long bytes) : IDisposable
    {
        public nint Mem { get; } = queue.CreateBuffer(bytes);

        public void Dispose() => queue.Release(Mem);
    }
}
