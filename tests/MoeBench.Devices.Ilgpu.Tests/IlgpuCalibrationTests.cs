using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Ilgpu.Tests;

[Collection(SharedIlgpuCpu.Name)]
public sealed class IlgpuCalibrationTests(IlgpuCpuFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Calibration_measures_an_fp32_peak_a_memory_tier_and_both_host_links()
    {
        var device = (ICalibratable)fixture.Device!;

        var roofs = device.Calibrate(new CalibrationSettings(Attempts: 1, ComputeAttemptTime: TimeSpan.FromMilliseconds(20), StreamCacheMultiple: 1), CancellationToken.None);

        output.WriteLine($"{roofs.Method}: {roofs.PeakFlops(DType.F32):G3} FLOP/s, {roofs.BandwidthBytesPerSecond:G3} B/s, "
            + string.Join(", ", roofs.Links.Select(l => $"{l.Name} {l.BandwidthBytesPerSecond:G3} B/s {l.LatencySeconds:G3} s")));
        var peak = Assert.Single(roofs.Peaks);
        Assert.Equal(DType.F32, peak.DType);
        Assert.True(double.IsFinite(peak.AllThreadsFlops) && peak.AllThreadsFlops > 0, $"fp32 peak {peak.AllThreadsFlops}");
        Assert.True(double.IsFinite(peak.SingleThreadFlops) && peak.SingleThreadFlops > 0, $"fp32 one-thread peak {peak.SingleThreadFlops} (stores hold no NaN there)");
        var memory = Assert.Single(roofs.MemoryTiers);
        Assert.True(double.IsFinite(memory.BandwidthBytesPerSecond) && memory.BandwidthBytesPerSecond > 0, $"bandwidth {memory.BandwidthBytesPerSecond}");
        Assert.Equal(["host-device", "device-host"], roofs.Links.Select(l => l.Name));
        Assert.All(roofs.Links, l => Assert.True(l.BandwidthBytesPerSecond > 0 && l.LatencySeconds > 0, $"{l.Name}: {l.BandwidthBytesPerSecond} B/s, {l.LatencySeconds} s"));
        Assert.Contains(fixture.Device!.Info.Timer, roofs.Method, StringComparison.Ordinal);
    }
}
