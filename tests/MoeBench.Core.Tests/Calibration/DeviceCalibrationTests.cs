using MoeBench.Core.Calibration;

namespace MoeBench.Core.Tests.Calibration;

public sealed class DeviceCalibrationTests
{
    private static readonly DeviceInfo Device = new("cpu", "cpu", "AMD", "AMD EPYC", 2, ["avx2", "fma"], 0, double.NaN, double.NaN, DeviceInfo.NotCalibrated, Provenance.Measured);

    private static readonly DeviceRoofs Roofs = new(
        2,
        [new PeakRoof(DType.F32, "vector256", 5e10, 9e10), new PeakRoof(DType.F32, "vector512", 6e10, 1.1e11), new PeakRoof(DType.I8, "vector512-vpmaddwd", 1.2e11, 2.3e11)],
        [new MemoryTier("dram", 8L << 30, 2e10, double.NaN)],
        [],
        "test",
        new Dictionary<string, double>());

    [Fact]
    public void Applying_sets_the_fastest_all_thread_peak_the_bandwidth_and_names_the_calibration()
    {
        var calibration = DeviceCalibration.Of(Device, Roofs, new DateTimeOffset(2026, 11, 23, 18, 0, 59, TimeSpan.Zero), "vm") with { Id = 7 };

        var info = calibration.ApplyTo(Device);

        Assert.True(info.HasRoofs);
        Assert.Equal(1.1e11, info.PeakFlopsF32);
        Assert.Equal(2.3e11, info.PeakFlopsInteger);
        Assert.Equal(2e10, info.BandwidthBytesPerSecond);
        Assert.Equal("calibration #7 2026-11-23T18:00Z", info.RoofSource);
        Assert.Equal(Device.IdentityKey, info.IdentityKey);
        Assert.Equal(Roofs.Peaks, info.Peaks);
        Assert.Equal(Roofs.MemoryTiers, info.MemoryTiers);
    }

    [Fact]
    public void A_calibration_of_another_identity_is_refused()
    {
        var calibration = DeviceCalibration.Of(Device, Roofs, DateTimeOffset.UnixEpoch, "vm");

        Assert.Throws<ArgumentException>(() => calibration.ApplyTo(Device with { Details = "other library" }));
    }

    [Fact]
    public void A_dtype_without_a_measured_peak_has_none()
    {
        Assert.True(double.IsNaN((Roofs with { Peaks = [] }).PeakFlops(DType.F32)));
    }
}
