using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using MoeBench.Devices.Ilgpu.Kernels;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// The GPU's timer, exercised on the CPU accelerator, which implements ILGPU's profiling markers too: the same calls a
/// CUDA run makes (markers into the default stream around a kernel, their difference), host timestamps behind them here.
/// </summary>
public sealed class ProfilingMarkerTimerTests
{
    [Fact]
    public void The_span_between_two_markers_times_the_kernel_once_and_within_the_host_span()
    {
        using var context = Context.Create(builder => builder.DefaultCPU().Profiling());
        using var accelerator = context.CreateCPUAccelerator(0);
        var fma = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int>(CalibrationKernels.Fma);
        using var output = new IlgpuBuffer<float>(accelerator, 64);
        var timer = new ProfilingMarkerTimer(accelerator);
        var runs = 0;

        var host = Stopwatch.StartNew();
        var elapsed = timer.Time(() =>
        {
            runs++;
            fma(64, output.View, 20_000);
        });
        host.Stop();

        Assert.Equal(1, runs);
        Assert.InRange(elapsed, TimeSpan.FromTicks(1), host.Elapsed);
        var values = new float[64];
        output.View.CopyToCPU(values.AsSpan());
        Assert.All(values, v => Assert.True(v > 0, $"the kernel had not run when the timer returned: {v}"));
        Assert.Equal(ProfilingMarkerTimer.TimerName, timer.Name);
    }
}
