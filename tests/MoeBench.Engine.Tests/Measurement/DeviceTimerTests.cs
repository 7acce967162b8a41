using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices.Timing;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Measurement;

/// <summary>The engine times samples through the device's timer: its own where it has one, else the host clock around synchronisation.</summary>
public sealed class DeviceTimerTests
{
    private static readonly EngineSettings Settings = EngineSettings.Default with
    {
        WarmupTime = TimeSpan.FromMilliseconds(10),
        TargetSampleTime = TimeSpan.FromMilliseconds(1),
        MinSamples = 3,
        MaxSamples = 5,
    };

    [Fact]
    public void The_host_clock_timer_synchronises_before_reading_the_clock_and_after_the_work()
    {
        var clock = new FakeClock();
        var device = new IdleDevice();
        var timer = new HostClockTimer(device, clock);
        var synchronisedBefore = -1;

        var elapsed = timer.Time(() =>
        {
            synchronisedBefore = device.Synchronizations;
            clock.Advance(TimeSpan.FromMicroseconds(250));
        });

        Assert.Equal(1, synchronisedBefore);
        Assert.Equal(2, device.Synchronizations);
        Assert.Equal(TimeSpan.FromMicroseconds(250), elapsed);
        Assert.Equal(DeviceInfo.HostClockTimer, timer.Name);
    }

    [Fact]
    public void A_device_with_its_own_timer_is_measured_by_it_not_by_the_host_clock()
    {
        // The host clock says 100 µs per invocation; the device's events say 7 µs per timed span.
        var clock = new FakeClock();
        var workload = new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(true, 0, null));
        var device = new EventTimedDevice(TimeSpan.FromMicroseconds(7));
        var measurer = new CaseMeasurer(Settings, new WorkloadCatalog([new FakeFactory(() => workload)]), clock);
        var spec = new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1L), new("n", 1L), new("k", 1L)]));

        var result = measurer.Measure(spec, device, CancellationToken.None);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.All(result.SamplesNs, s => Assert.Equal(7000.0 / result.InvocationsPerSample, s, 1e-9));
        Assert.Equal("fake-events", result.Device.Timer);
    }

    /// <summary>A device that times work by its own (fake) events, each span a fixed device time.</summary>
    private sealed class EventTimedDevice(TimeSpan span) : DelegatingDevice(new IdleDevice()), ITimingCapability
    {
        public override DeviceInfo Info => Inner.Info with { Timer = "fake-events" };

        public IDeviceTimer Timer { get; } = new FixedTimer(span);
    }

    private sealed class FixedTimer(TimeSpan span) : IDeviceTimer
    {
        public string Name => "fake-events";

        public TimeSpan Time(Action work)
        {
            work();
            return span;
        }
    }
}
