using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices.Modeled;
using MoeBench.Engine.Hardware;

namespace MoeBench.Engine.Tests.Hardware;

/// <summary>A calibrated device emitted as a profile loads back as its modeled twin with the same figures.</summary>
public sealed class ProfileEmissionTests
{
    private static readonly DeviceInfo Cpu = new(
        "cpu", "cpu", "AMD", "AMD EPYC (family 25 model 17)", 2, ["avx512f"], 24L << 30, double.NaN, double.NaN, DeviceInfo.NotCalibrated, Provenance.Measured);

    private static readonly DeviceRoofs Roofs = new(
        2,
        [new PeakRoof(DType.F32, "vector256", 117.3e9, 234.56789e9), new PeakRoof(DType.F32, "vector512", 110e9, 220.1234567e9), new PeakRoof(DType.I8, "vector512-vpmaddwd", 200e9, 401.7e9)],
        [new MemoryTier("dram", 25276182528, 41.234567891e9, double.NaN), new MemoryTier("l2", 2L << 20, 180.5e9, double.NaN), new MemoryTier("l3", 32L << 20, 95.25e9, double.NaN)],
        [],
        "test",
        new Dictionary<string, double>());

    private static readonly DateTimeOffset When = new(2026, 12, 6, 23, 0, 0, TimeSpan.Zero);

    private static HardwareProfile EmitAndLoad(out string yaml)
    {
        var emitted = ProfileEmission.Of("this-cpu", "hardware/this-cpu.yaml", Cpu, Roofs, 1.37e-6, When);
        yaml = HardwareProfileWriter.Write(emitted, "a test profile\nsecond line");
        var loaded = HardwareProfileLoader.Parse(yaml, "hardware/this-cpu.yaml");
        Assert.Empty(loaded.Errors);
        return Assert.Single(loaded.Profiles);
    }

    [Fact]
    public void Emitted_figures_load_back_equal()
    {
        var profile = EmitAndLoad(out _);
        var info = ProfileDeviceInfo.Of(profile);

        Assert.Equal("modeled:this-cpu", info.Id);
        Assert.Equal(Roofs.Peaks.Select(p => (p.DType, p.Path)), info.Peaks.Select(p => (p.DType, p.Path)));
        Assert.All(Roofs.Peaks.Zip(info.Peaks), pair => Assert.Equal(pair.First.AllThreadsFlops, pair.Second.AllThreadsFlops, 1e-3));
        Assert.Equal(Roofs.MemoryTiers.Select(t => (t.Name, t.CapacityBytes)), info.MemoryTiers.Select(t => (t.Name, t.CapacityBytes)));
        Assert.All(Roofs.MemoryTiers.Zip(info.MemoryTiers), pair => Assert.Equal(pair.First.BandwidthBytesPerSecond, pair.Second.BandwidthBytesPerSecond, 1e-3));
        Assert.Equal(1.37e-6, profile.LaunchOverheadSeconds.Value, 1e-15);
    }

    [Fact]
    public void Every_emitted_figure_says_where_and_when_it_was_measured()
    {
        var profile = EmitAndLoad(out _);

        var sources = profile.Peaks.Select(p => p.Dense.Source).Concat(profile.Memory.Select(t => t.BandwidthBytesPerSecond.Source)).Append(profile.LaunchOverheadSeconds.Source);
        Assert.All(sources, s => Assert.StartsWith("measured by moebench calibrate on AMD EPYC (family 25 model 17), 2026-12-06", s, StringComparison.Ordinal));
    }

    [Fact]
    public void The_emitted_profile_is_the_twin_of_the_device_it_was_measured_on()
    {
        var info = ProfileDeviceInfo.Of(EmitAndLoad(out var yaml));

        Assert.StartsWith("# a test profile\n# second line\n", yaml, StringComparison.Ordinal);
        var twin = TwinOf.Of(info);
        Assert.NotNull(twin);
        Assert.True(twin.Matches(Cpu));
        Assert.False(twin.Matches(Cpu with { Model = "AMD EPYC (family 25 model 8)" }));
    }
}
