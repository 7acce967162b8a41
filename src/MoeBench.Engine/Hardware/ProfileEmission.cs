using System.Diagnostics;
using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices;
using MoeBench.Devices.Modeled;

namespace MoeBench.Engine.Hardware;

/// <summary>
/// A measured device as a profile: its calibrated roofs and its measured per-kernel fixed cost, each figure's source
/// saying where and when it was measured, and <c>twin_of</c> naming the device and identity it was measured on — so
/// <c>modeled:NAME</c> is that device's modeled twin, and its predictions can be checked against its measurements.
/// </summary>
public static class ProfileEmission
{
    /// <summary>Invocations of the tiny kernel the fixed cost is the median of.</summary>
    private const int LaunchSamples = 2001;

    public static HardwareProfile Of(
        string name, string file, DeviceInfo device, DeviceRoofs roofs, double launchSeconds, DateTimeOffset measuredUtc)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(roofs);
        var source = string.Create(CultureInfo.InvariantCulture, $"measured by moebench calibrate on {device.Model}, {measuredUtc.UtcDateTime:yyyy-MM-dd}");
        SourcedFigure Measured(double value, string how) => new(value, $"{source}: {how}");
        return new HardwareProfile(
            name, file, "", device.Vendor, device.Model, DeviceClass.Cpu,
            [.. roofs.Peaks.Select(p => new ProfilePeak(p.DType.ToName(), p.Path, Measured(p.AllThreadsFlops, $"{roofs.Threads}-thread FMA/dot-product loop"), null))],
            [
                .. roofs.MemoryTiers
                    .Where(t => t.CapacityBytes > 0 && t.BandwidthBytesPerSecond > 0)
                    .Select(t => new ProfileTier(
                        t.Name,
                        Measured(t.CapacityBytes, t.Name == roofs.MemoryTiers[0].Name ? "physical memory" : "cache size from the CPU's topology"),
                        Measured(t.BandwidthBytesPerSecond, $"{roofs.Threads}-thread streaming bandwidth"),
                        double.IsFinite(t.LatencySeconds) ? Measured(t.LatencySeconds, "load latency") : null)),
            ],
            [],
            Measured(launchSeconds, "median time of a 1×16×16 gemm, the fixed cost every kernel call pays"),
            null,
            new TwinOf(device.Id, device.IdentityKey));
    }

    /// <summary>
    /// The fixed cost of one kernel call on <paramref name="device"/>: the median time of a 1×16×16 GEMM (no work to
    /// speak of) submitted and synchronised, as every timed invocation is.
    /// </summary>
    public static double MeasureLaunchSeconds(IDevice device, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(device);
        const int n = 16;
        using var a = device.Allocate<float>(n);
        using var c = device.Allocate<float>(n);
        using var b = device.LoadWeights(Enumerable.Range(0, n * n).Select(i => (i % 7) * 0.25f).ToArray(), 1, n, n, DType.F32);
        device.Upload<float>(Enumerable.Range(0, n).Select(i => 1f + i).ToArray(), a);
        var samples = new double[LaunchSamples];
        for (var i = 0; i < samples.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            device.Kernels.Gemm(a, b, c, 1, accumulate: false);
            device.Synchronize();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
