using MoeBench.Core;
using MoeBench.Core.Calibration;
using MoeBench.Devices;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Tests.Measurement;

namespace MoeBench.Engine.Tests.Calibration;

/// <summary>A wall clock that moves only when told.</summary>
internal sealed class FakeWallClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Calibrations in memory, numbered from 1 like the store's.</summary>
internal sealed class MemoryCalibrationLog : ICalibrationLog
{
    public List<DeviceCalibration> Saved { get; } = [];

    public DeviceCalibration? Latest(string deviceKey) =>
        Saved.Where(c => c.DeviceKey == deviceKey).OrderBy(c => c.MeasuredUtc).ThenBy(c => c.Id).LastOrDefault();

    public long Save(DeviceCalibration calibration)
    {
        Saved.Add(calibration with { Id = Saved.Count + 1 });
        return Saved.Count;
    }
}

/// <summary>An idle device that calibrates to fixed roofs (peak differs per call, so a test can tell calibrations apart).</summary>
internal sealed class CalibratableDevice() : DelegatingDevice(new IdleDevice()), ICalibratable
{
    public int Calibrations { get; private set; }

    /// <summary>The DRAM bandwidth the next calibration measures.</summary>
    public double Dram { get; set; } = 2e10;

    public override DeviceInfo Info => Inner.Info with { PeakFlopsF32 = double.NaN, BandwidthBytesPerSecond = double.NaN, RoofSource = DeviceInfo.NotCalibrated };

    public DeviceRoofs Calibrate(CalibrationSettings settings, CancellationToken cancellation)
    {
        Calibrations++;
        return new DeviceRoofs(
            2,
            [new PeakRoof(DType.F32, "vector256", 5e10 * Calibrations, 1e11 * Calibrations), new PeakRoof(DType.F32, "vector512", 4e10, 8e10)],
            [new MemoryTier("dram", 1L << 30, Dram, double.NaN)],
            [],
            "fake",
            new Dictionary<string, double> { ["attempts"] = settings.Attempts });
    }
}
