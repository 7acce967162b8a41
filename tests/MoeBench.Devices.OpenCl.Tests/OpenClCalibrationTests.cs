using MoeBench.Core.Inputs;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.OpenCl.Tests;

/// <summary>The roofs the device's own kernels measure, and the profiling-event timer on real work.</summary>
[Collection(SharedOpenClDevice.Name)]
public sealed class OpenClCalibrationTests(OpenClFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Calibration_measures_an_fma_and_a_gemm_peak_a_global_memory_stream_and_both_link_directions()
    {
        if (fixture.Device is not { } device)
        {
            output.WriteLine($"SKIPPED: no OpenCL device here ({fixture.UnavailableReason})");
            return;
        }

        var roofs = device.Calibrate(new CalibrationSettings(Attempts: 1, ComputeAttemptTime: TimeSpan.FromMilliseconds(5), StreamCacheMultiple: 1), CancellationToken.None);

        Assert.Equal(["opencl-fma", "opencl-gemm"], roofs.Peaks.Select(p => p.Path));
        Assert.All(roofs.Peaks, p => Assert.True(double.IsFinite(p.AllThreadsFlops) && p.AllThreadsFlops > 0, $"{p.Path} {p.AllThreadsFlops}"));
        Assert.All(roofs.Peaks, p => Assert.Equal(p.AllThreadsFlops / device.Hardware.ComputeUnits, p.SingleThreadFlops, 6));
        Assert.Equal("global", Assert.Single(roofs.MemoryTiers).Name);
        Assert.True(double.IsFinite(roofs.BandwidthBytesPerSecond) && roofs.BandwidthBytesPerSecond > 0, $"bandwidth {roofs.BandwidthBytesPerSecond}");
        Assert.Equal(["host-to-device", "device-to-host"], roofs.Links.Select(l => l.Name));
        Assert.All(roofs.Links, l => Assert.True(double.IsFinite(l.BandwidthBytesPerSecond) && l.BandwidthBytesPerSecond > 0, $"{l.Name} {l.BandwidthBytesPerSecond}"));
        Assert.Equal(device.Hardware.ComputeUnits, roofs.Threads);
        output.WriteLine($"{string.Join(", ", roofs.Peaks.Select(p => $"{p.Path} {p.AllThreadsFlops / 1e9:F1} GFLOP/s"))}, {roofs.BandwidthBytesPerSecond / 1e9:F1} GB/s; {roofs.Method}");
    }

    [Fact]
    public void The_profiling_event_timer_times_enqueued_kernels_and_nothing_as_zero()
    {
        if (fixture.Device is not { } device)
        {
            output.WriteLine($"SKIPPED: no OpenCL device here ({fixture.UnavailableReason})");
            return;
        }

        const int M = 64, K = 128, N = 96;
        using var d = new DeviceTensors(device);
        var a = d.Upload(SeededInputs.Normal(SeededInputs.For(2, "a"), M * K));
        var b = d.Weights(SeededInputs.Normal(SeededInputs.For(2, "b"), K * N), 1, K, N);
        var c = d.Allocate<float>(M * N);

        var work = device.Timer.Time(() => d.Kernels.Gemm(a, b, c, M, accumulate: false));
        var nothing = device.Timer.Time(() => { });

        Assert.True(work > TimeSpan.Zero, $"a {M}×{K}×{N} gemm timed as {work}");
        Assert.Equal(TimeSpan.Zero, nothing);
    }
}
