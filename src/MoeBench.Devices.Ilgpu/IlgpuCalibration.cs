using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices.Ilgpu.Kernels;
using MoeBench.Devices.Timing;

namespace MoeBench.Devices.Ilgpu;

/// <summary>
/// An accelerator's roofs, measured by kernels on it: the fp32 FMA peak (every op here computes in fp32, whatever
/// its weights' format, so that is the peak they are held to), the device-memory bandwidth of a copy kernel, and
/// host→device and device→host copies as its links. Kernels are timed by the device's own timer; the copies by the
/// host clock around the synchronous copy, which is what a transfer costs a caller. On ILGPU's CPU accelerator every
/// figure is small — it runs a simulated GPU on host threads — and that is the honest measurement of that device.
/// </summary>
internal static class IlgpuCalibration
{
    public static DeviceRoofs Measure(Accelerator accelerator, IDeviceTimer timer, CalibrationSettings settings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var gpu = accelerator.AcceleratorType != AcceleratorType.CPU;

        // A GPU needs every SM full (twice over, to hide the tail); the CPU accelerator runs a few groups on host threads.
        var threads = gpu ? accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor * 2 : accelerator.MaxNumThreads * 4;

        // On a GPU, buffers beyond the last-level cache: 256 MiB each (an H100's L2 is 50 MiB). On the CPU accelerator
        // an element copied costs about 25 ns (0.33 GB/s, measured on the 2-core development machine, shared) — tens of
        // times a streamed DRAM access — so 4 MiB shows the same rate as a DRAM-sized buffer in a tenth of the time. The copy runs as many
        // threads as fill every SM on a GPU and one group's worth on the CPU accelerator, each looping over many elements.
        var elements = (int)Math.Min(gpu ? 64L << 20 : 1L << 20, accelerator.MemorySize / 16);
        var copyThreads = gpu ? accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor : accelerator.MaxNumThreads;
        var fma = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int>(CalibrationKernels.Fma);
        var copy = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(CalibrationKernels.Copy);
        using var output = new IlgpuBuffer<float>(accelerator, threads);
        using var source = new IlgpuBuffer<float>(accelerator, elements);
        using var destination = new IlgpuBuffer<float>(accelerator, elements);
        var host = new float[elements];
        for (var i = 0; i < host.Length; i++)
        {
            host[i] = 1f + (i & 7);
        }

        var iterations = Iterations(timer, t => fma(threads, output.View, t), settings.ComputeAttemptTime);
        var fmaTime = Best(settings.Attempts, () => timer.Time(() => fma(threads, output.View, iterations)), cancellation);
        var flops = (double)threads * iterations * CalibrationKernels.Chains * 2 / fmaTime.TotalSeconds;

        // One thread alone: the latency-bound figure a CPU's single-thread peak corresponds to (one GPU thread issues
        // its chains back to back, with the whole SM to itself).
        var singleTime = Best(settings.Attempts, () => timer.Time(() => fma(1, output.View, iterations)), cancellation);
        var single = (double)iterations * CalibrationKernels.Chains * 2 / singleTime.TotalSeconds;

        source.View.CopyFromCPU(host.AsSpan());
        var copyTime = Best(settings.Attempts, () => timer.Time(() => copy(copyThreads, source.View, destination.View, copyThreads, gpu ? 0 : 1)), cancellation);
        var bandwidth = 2.0 * elements * sizeof(float) / copyTime.TotalSeconds;

        var bytes = (double)elements * sizeof(float);
        var up = bytes / Best(settings.Attempts, () => HostTimed(accelerator, () => source.View.CopyFromCPU(host.AsSpan())), cancellation).TotalSeconds;
        var down = bytes / Best(settings.Attempts, () => HostTimed(accelerator, () => destination.View.CopyToCPU(host.AsSpan())), cancellation).TotalSeconds;
        var one = new float[1];
        var upLatency = Best(settings.Attempts, () => HostTimed(accelerator, () => source.View.SubView(0, 1).CopyFromCPU(one.AsSpan())), cancellation).TotalSeconds;
        var downLatency = Best(settings.Attempts, () => HostTimed(accelerator, () => destination.View.SubView(0, 1).CopyToCPU(one.AsSpan())), cancellation).TotalSeconds;

        return new DeviceRoofs(
            threads,
            [new PeakRoof(DType.F32, gpu ? "cuda-fma" : "ilgpu-cpu", single, flops)],
            [new MemoryTier(gpu ? "device-memory" : "dram", accelerator.MemorySize, bandwidth, double.NaN)],
            [new DeviceLink("host-device", up, upLatency), new DeviceLink("device-host", down, downLatency)],
            $"ILGPU kernels timed by {timer.Name}: {threads} threads (and 1) × {CalibrationKernels.Chains} fp32 FMA chains; a {copyThreads}-thread copy kernel over 2 × {bytes / 1024:F0} KiB; "
            + $"host↔device copies of {bytes / 1024:F0} KiB from pageable host memory and of 4 bytes (latency) by host clock; best of {settings.Attempts}",
            new Dictionary<string, double>
            {
                ["fma_iterations"] = iterations,
                ["fma_threads"] = threads,
                ["copy_buffer_bytes"] = bytes,
                ["attempts"] = settings.Attempts,
            });
    }

    /// <summary>
    /// FMA rounds per thread, grown ×4 from 64 until an attempt lasts at least <paramref name="target"/> and the last
    /// ×4 made it at least 3× longer: the loop's time then dominates the launch's, which on the CPU accelerator is
    /// milliseconds and would otherwise pass for slow arithmetic.
    /// </summary>
    private static int Iterations(IDeviceTimer timer, Action<int> run, TimeSpan target)
    {
        var iterations = 64;
        var elapsed = timer.Time(() => run(iterations));
        while (iterations < (1 << 26))
        {
            var longer = timer.Time(() => run(iterations * 4));
            iterations *= 4;
            var dominated = longer >= elapsed * 3;
            elapsed = longer;
            if (elapsed >= target && dominated)
            {
                break;
            }
        }

        return iterations;
    }

    private static TimeSpan HostTimed(Accelerator accelerator, Action copy)
    {
        accelerator.Synchronize();
        var start = Stopwatch.GetTimestamp();
        copy();
        accelerator.Synchronize();
        return Stopwatch.GetElapsedTime(start);
    }

    private static TimeSpan Best(int attempts, Func<TimeSpan> attempt, CancellationToken cancellation)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < Math.Max(1, attempts); i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var t = attempt();
            if (t < best)
            {
                best = t;
            }
        }

        return best;
    }
}
