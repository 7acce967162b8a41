using MoeBench.Core.Calibration;

namespace MoeBench.Core.Tests.Calibration;

/// <summary>DeviceInfo carries its roofs as lists; its single figures read them and, when set, replace their entries.</summary>
public sealed class DeviceInfoRoofListTests
{
    private static readonly DeviceInfo Uncalibrated = new("cpu", "cpu", "AMD", "AMD EPYC", 2, ["avx2"], 0, double.NaN, double.NaN, DeviceInfo.NotCalibrated, Provenance.Measured);

    private static readonly DeviceInfo Listed = Uncalibrated with
    {
        Peaks = [new PeakRoof(DType.F32, "vector256", 5e10, 9e10), new PeakRoof(DType.F32, "vector512", 6e10, 1.1e11), new PeakRoof(DType.I8, "vector512-vpmaddwd", 1.2e11, 2.3e11)],
        MemoryTiers = [new MemoryTier("hbm", 80L << 30, 3e12, double.NaN), new MemoryTier("l2", 50L << 20, 1e13, 2e-7)],
        Links = [new DeviceLink("host-device", 6.4e10, 1e-6)],
    };

    [Fact]
    public void A_device_opened_without_roofs_lists_none_and_has_no_roofs()
    {
        Assert.Empty(Uncalibrated.Peaks);
        Assert.Empty(Uncalibrated.MemoryTiers);
        Assert.Empty(Uncalibrated.Links);
        Assert.False(Uncalibrated.HasRoofs);
        Assert.False(Uncalibrated.HasIntegerRoof);
        Assert.Equal(DeviceInfo.HostClockTimer, Uncalibrated.Timer);
    }

    [Fact]
    public void The_single_figures_are_the_fastest_path_per_dtype_and_the_main_memorys_bandwidth()
    {
        Assert.Equal(1.1e11, Listed.PeakFlopsF32);
        Assert.Equal(2.3e11, Listed.PeakFlopsInteger);
        Assert.Equal(3e12, Listed.BandwidthBytesPerSecond);
        Assert.True(Listed.HasRoofs);
    }

    [Fact]
    public void Setting_a_bandwidth_changes_only_the_main_memorys_figure()
    {
        var probed = Listed with { BandwidthBytesPerSecond = 2.5e12 };

        Assert.Equal([new MemoryTier("hbm", 80L << 30, 2.5e12, double.NaN), Listed.MemoryTiers[1]], probed.MemoryTiers);
        Assert.Equal(Listed.Peaks, probed.Peaks);
    }

    [Fact]
    public void Setting_a_peak_replaces_that_dtypes_entries_on_its_fastest_path_and_NaN_removes_them()
    {
        var slower = Listed with { PeakFlopsF32 = 7e10 };
        var none = Listed with { PeakFlopsInteger = double.NaN };

        Assert.Equal([Listed.Peaks[2], new PeakRoof(DType.F32, "vector512", double.NaN, 7e10)], slower.Peaks);
        Assert.Equal(7e10, slower.PeakFlopsF32);
        Assert.DoesNotContain(none.Peaks, p => p.DType == DType.I8);
        Assert.False(none.HasIntegerRoof);
    }

    [Fact]
    public void Single_figures_given_to_the_constructor_become_unnamed_entries()
    {
        var device = new DeviceInfo("fake", "fake", "none", "fake", 1, [], 0, 1e12, 1e11, "test", Provenance.Measured);

        Assert.Equal([new PeakRoof(DType.F32, "unrecorded", double.NaN, 1e12)], device.Peaks);
        Assert.Equal([new MemoryTier(MemoryTier.Unnamed, 0, 1e11, double.NaN)], device.MemoryTiers);
    }

    [Fact]
    public void Roof_lists_and_the_timer_are_not_part_of_the_identity()
    {
        Assert.Equal(Uncalibrated.IdentityKey, (Listed with { Timer = "cuda-events" }).IdentityKey);
    }

    [Fact]
    public void Devices_with_equal_lists_are_equal_and_a_different_entry_makes_them_differ()
    {
        var copy = Uncalibrated with
        {
            Peaks = [.. Listed.Peaks],
            MemoryTiers = [.. Listed.MemoryTiers],
            Links = [.. Listed.Links],
        };

        Assert.Equal(Listed, copy);
        Assert.Equal(Listed.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(Listed, copy with { Links = [] });
        Assert.NotEqual(Listed, copy with { MemoryTiers = [Listed.MemoryTiers[0]] });
    }
}
