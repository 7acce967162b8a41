using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Calibration;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Running;
using MoeBench.Engine.Tests.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Calibration;

/// <summary>A run reuses a recent stored calibration of the device identity and calibrates once otherwise.</summary>
public sealed class CalibrationPolicyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private readonly MemoryCalibrationLog _log = new();
    private readonly FakeWallClock _clock = new(T0);
    private readonly CalibratableDevice _device = new();
    private readonly List<string> _status = [];

    public void Dispose() => _device.Dispose();

    private CalibrationPolicy Policy(bool force = false) =>
        new(_log, CalibrationOptions.Default with { Force = force }, _clock);

    [Fact]
    public void Without_a_stored_calibration_the_device_calibrates_once_and_the_calibration_is_stored()
    {
        var info = Policy().RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(1, _device.Calibrations);
        var saved = Assert.Single(_log.Saved);
        Assert.Equal(_device.Info.IdentityKey, saved.DeviceKey);
        Assert.Equal(T0, saved.MeasuredUtc);
        Assert.Equal(1e11, info.PeakFlopsF32); // the faster path's all-thread figure
        Assert.Equal(2e10, info.BandwidthBytesPerSecond);
        Assert.Equal("calibration #1 2026-11-23T18:00Z", info.RoofSource);
        Assert.Contains("calibrating fake…", _status);
    }

    [Fact]
    public void A_calibration_younger_than_the_max_age_is_reused_without_measuring()
    {
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);
        _clock.Now = T0 + TimeSpan.FromHours(23);

        var info = Policy().RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(1, _device.Calibrations);
        Assert.Single(_log.Saved);
        Assert.Equal("calibration #1 2026-11-23T18:00Z", info.RoofSource);
        Assert.Contains(_status, s => s.Contains("roofs from calibration #1", StringComparison.Ordinal) && s.Contains("23.0 h old", StringComparison.Ordinal));
    }

    [Fact]
    public void An_old_calibration_is_replaced_by_a_new_one()
    {
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);
        _clock.Now = T0 + TimeSpan.FromHours(25);

        var info = Policy().RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(2, _device.Calibrations);
        Assert.Equal(2, _log.Saved.Count);
        Assert.Equal("calibration #2 2026-11-24T19:00Z", info.RoofSource);
        Assert.Equal(2e11, info.PeakFlopsF32);
    }

    [Fact]
    public void A_new_calibration_keeps_the_best_memory_bandwidth_the_device_showed_on_this_host()
    {
        _device.Dram = 6.9e10;
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);
        _device.Dram = 3.5e10; // a neighbour streaming during the second calibration

        var info = Policy(force: true).RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(6.9e10, info.BandwidthBytesPerSecond);
        Assert.Equal(3.5e10, _log.Saved[1].Roofs.Details["dram_measured_bytes_per_s"]);
    }

    [Fact]
    public void A_calibration_from_another_host_does_not_raise_this_ones_roofs()
    {
        _device.Dram = 6.9e10;
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);
        _log.Saved[0] = _log.Saved[0] with { Host = "elsewhere" };
        _device.Dram = 3.5e10;

        var info = Policy(force: true).RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(3.5e10, info.BandwidthBytesPerSecond);
    }

    [Fact]
    public void Recalibrate_measures_even_when_a_fresh_calibration_exists()
    {
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);

        var info = Policy(force: true).RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(2, _device.Calibrations);
        Assert.Equal("calibration #2 2026-11-23T18:00Z", info.RoofSource);
    }

    [Fact]
    public void A_calibration_from_the_future_is_not_trusted()
    {
        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);
        _clock.Now = T0 - TimeSpan.FromHours(1);

        Policy().RoofsFor(_device, _status.Add, CancellationToken.None);

        Assert.Equal(2, _device.Calibrations);
    }

    [Fact]
    public void A_device_that_cannot_calibrate_keeps_the_roofs_it_opens_with()
    {
        using var datasheet = new IdleDevice();

        var info = Policy().RoofsFor(datasheet, _status.Add, CancellationToken.None);

        Assert.Same(datasheet.Info, info);
        Assert.Empty(_log.Saved);
        Assert.Null(Policy().Calibrate(datasheet, CancellationToken.None));
    }

    [Fact]
    public void A_run_calibrates_each_device_once_over_all_rounds_and_measures_every_result_against_it()
    {
        var clock = new FakeClock();
        var catalog = new WorkloadCatalog([new FakeFactory(() => new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(true, 1e-7, null)))]);
        var settings = EngineSettings.Default with { WarmupTime = TimeSpan.FromMilliseconds(1), MinSamples = 2, MinTime = TimeSpan.FromMilliseconds(2), Rounds = 2 };
        var registry = new DeviceRegistry([new SingleDeviceBackend(_device)]);
        var runner = new SuiteRunner(registry, new CaseMeasurer(settings.PerRound(), catalog, clock), Policy());
        var stored = new List<CaseResult>();
        var progress = new List<RunProgress>();
        PlannedMeasurement Plan(long m) => new(new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", m), new("n", 1L), new("k", 1L)])), "fake");

        runner.Run([Plan(1), Plan(2)], settings.Rounds, stored.Add, progress.Add, CancellationToken.None);

        Assert.Equal(1, _device.Calibrations);
        Assert.Equal(2 * settings.Rounds, stored.Count); // each pair after each round
        Assert.All(stored, r =>
        {
            Assert.Equal("calibration #1 2026-11-23T18:00Z", r.Device.RoofSource);
            Assert.Equal(1e11, r.Device.PeakFlopsF32);

            // FakeWorkload: 2 MFLOP and 1 MB in 100 µs = 20 GFLOP/s at intensity 2, below the ridge (1e11 / 2e10 = 5): memory-bound.
            Assert.Equal("memory", r.Metrics!.Bound);
            Assert.Equal(50, r.Metrics.PctOfPeak, 1e-6);
        });
        Assert.Contains(progress, p => p.Status == "calibrating fake…");
    }

    /// <summary>Hands out the same device every time; the runner disposes it after each round, which an idle device ignores.</summary>
    private sealed class SingleDeviceBackend(IDevice device) : IBackend
    {
        public string Name => "fake";

        public IReadOnlyList<DeviceEntry> Discover() => [new DeviceEntry("fake", "fake", "fake", null, () => device)];
    }
}
