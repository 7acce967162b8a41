using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Devices;
using MoeBench.Engine.Measurement;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Tests.Measurement;

public sealed class CaseMeasurerTests
{
    private static readonly CaseSpec Spec = new(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1L), new("n", 1L), new("k", 1L)]));

    private static readonly EngineSettings Settings = EngineSettings.Default with
    {
        WarmupTime = TimeSpan.FromMilliseconds(10),
        TargetSampleTime = TimeSpan.FromMilliseconds(1),
        MinSamples = 5,
        MaxSamples = 50,
        MinTime = TimeSpan.FromMilliseconds(20),
        MaxTime = TimeSpan.FromMilliseconds(100),

        // Below the 3 MB a fake workload's three sets touch: a cold case's rotation alone evicts its inputs.
        ColdWorkingSetBytes = 2_000_000,
    };

    private static (CaseResult Result, FakeWorkload Workload, IdleDevice Device) Measure(TimeSpan perInvocation, ValidationResult validation, EngineSettings? settings = null)
    {
        var clock = new FakeClock();
        var workload = new FakeWorkload(clock, perInvocation, validation);
        var device = new IdleDevice();
        var measurer = new CaseMeasurer(settings ?? Settings, new WorkloadCatalog([new FakeFactory(() => workload)]), clock);
        return (measurer.Measure(Spec, device, CancellationToken.None), workload, device);
    }

    private static CaseResult MeasureOn(IDevice device, string cache, CaseResult? validated = null, EngineSettings? settings = null)
    {
        var clock = new FakeClock();
        var spec = new CaseSpec(CaseLevel.Kernel, "gemm", new CaseParams([new("m", 1L), new("n", 1L), new("k", 1L), new("cache", cache)]));
        var workload = new FakeWorkload(clock, TimeSpan.FromMicroseconds(100), new ValidationResult(true, 0, null));
        var measurer = new CaseMeasurer(settings ?? Settings, new WorkloadCatalog([new FakeFactory(() => workload)]), clock);
        return measurer.Measure(spec, device, CancellationToken.None, validated);
    }

    [Fact]
    public void A_memory_bound_cold_case_holds_each_sample_to_the_fastest_of_the_calibration_and_the_probes_beside_it()
    {
        // 1e6 bytes per 100 µs is 10 GB/s. The probes alternate 80 and 200 GB/s, so every sample has a 200 on one side —
        // above the calibrated 100 GB/s, which it raises: 5%. Against the calibration alone it would read 10%.
        var device = new ProbingDevice([8e10, 2e11]);

        var result = MeasureOn(device, "cold");

        Assert.NotNull(result.SampleBandwidths);
        Assert.Equal(result.SamplesNs.Count, result.SampleBandwidths.Count);
        Assert.All(result.SampleBandwidths, b => Assert.Equal(2e11, b));
        Assert.Equal(result.SamplesNs.Count + 1, device.Probes);
        Assert.Equal(Settings.ColdWorkingSetBytes, device.Footprint);
        Assert.Equal(5, result.Metrics!.PctOfPeak, 1e-6);
        Assert.Equal("memory", result.Metrics.Bound);
        Assert.Equal(2e11, result.Device.BandwidthBytesPerSecond);
        Assert.Contains("the faster of calibrated 100.0 GB/s and the probes beside it", result.Device.RoofSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_below_the_calibration_never_lowers_the_roof()
    {
        // Probes of 20 and 50 GB/s (a slow phase, or a probe that under-reads) against a calibrated 100 GB/s: the roof
        // stays 100, and 10 GB/s reads 10% — not the 20–50% the probes alone would give.
        var device = new ProbingDevice([2e10, 5e10]);

        var result = MeasureOn(device, "cold");

        Assert.All(result.SampleBandwidths!, b => Assert.Equal(1e11, b));
        Assert.Equal(10, result.Metrics!.PctOfPeak, 1e-6);
        Assert.False(result.Metrics.RoofExceeded);
    }

    [Fact]
    public void A_later_round_probes_again_and_pools_its_bandwidths_with_its_samples()
    {
        var device = new ProbingDevice([2e11]);
        var first = MeasureOn(device, "cold");

        var pooled = MeasureOn(device, "cold", first);

        Assert.Equal(pooled.SamplesNs.Count, pooled.SampleBandwidths!.Count);
        Assert.True(pooled.SamplesNs.Count > first.SamplesNs.Count);
        Assert.Equal(5, pooled.Metrics!.PctOfPeak, 1e-6);
    }

    [Theory]
    [InlineData("hot", 1e12)]  // runs from cache: DRAM bandwidth is not its roof
    [InlineData("cold", 1e9)]  // a 1 GFLOP/s peak makes 2 FLOP/byte compute-bound
    public void Hot_or_compute_bound_cases_keep_the_calibrated_roofs_and_are_never_probed(string cache, double peakFlops)
    {
        var device = new ProbingDevice([5e10], peakFlops);

        var result = MeasureOn(device, cache);

        Assert.Equal(0, device.Probes);
        Assert.Null(result.SampleBandwidths);
        Assert.Equal(1e11, result.Device.BandwidthBytesPerSecond);
    }

    [Theory]
    [InlineData(1e12)] // memory-bound
    [InlineData(1e9)]  // compute-bound: probed all the same, for the probes' eviction
    public void A_cold_case_whose_sets_touch_less_than_the_cold_working_set_is_evicted_untimed_each_time_its_rotation_restarts(double peakFlops)
    {
        // Three sets of 1 MB touched rotate inside a 4 MB cold working set: the rotation alone would find them cached.
        var device = new ProbingDevice([2e11], peakFlops);
        var settings = Settings with { ColdWorkingSetBytes = 4_000_000 };

        var first = MeasureOn(device, "cold", settings: settings);
        var probesOfFirst = device.Probes;
        var pooled = MeasureOn(device, "cold", first, settings);

        // One probe before the samples and one after each; one more each time the three sets start again.
        var restarts = first.SamplesNs.Count * first.InvocationsPerSample / 3.0;
        Assert.InRange(probesOfFirst - (first.SamplesNs.Count + 1), restarts - 1, restarts + 1);
        Assert.All(first.SamplesNs, ns => Assert.Equal(100_000, ns, 1e-6)); // evictions are not timed
        Assert.Equal(pooled.SamplesNs.Count, pooled.SampleBandwidths!.Count);
        Assert.Equal(4_000_000, device.Footprint);
    }

    [Fact]
    public void A_case_that_fails_validation_is_stored_failed_and_never_timed()
    {
        var (result, workload, _) = Measure(TimeSpan.FromMicroseconds(100), new ValidationResult(false, 0.5, "gemm C: relative error 5.00E-001 exceeds tolerance 1E-004"));

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("exceeds tolerance", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0.5, result.RelativeError);
        Assert.Equal(0, workload.Invocations);
        Assert.Null(result.Statistics);
        Assert.Empty(result.SamplesNs);
    }

    [Fact]
    public void Samples_are_per_invocation_times_with_enough_invocations_per_sample_to_reach_the_target()
    {
        var (result, workload, _) = Measure(TimeSpan.FromMicroseconds(100), new ValidationResult(true, 1e-7, null));

        Assert.True(workload.Validated);
        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(10, result.InvocationsPerSample); // 1 ms target / 100 µs per invocation
        Assert.All(result.SamplesNs, s => Assert.Equal(100_000, s, 1e-6));
        Assert.Equal(100_000, result.Statistics!.MedianNs, 1e-3);
        Assert.Equal(1e-7, result.RelativeError);
    }

    [Fact]
    public void Sampling_stops_at_min_time_once_min_samples_are_in()
    {
        var (result, _, _) = Measure(TimeSpan.FromMicroseconds(100), new ValidationResult(true, 0, null));

        // 1 ms samples, MinTime 20 ms: 20 samples, below MaxSamples and well above MinSamples.
        Assert.Equal(20, result.SamplesNs.Count);
    }

    [Fact]
    public void A_slow_case_stops_at_max_time_with_at_least_two_samples()
    {
        var (result, _, _) = Measure(TimeSpan.FromMilliseconds(60), new ValidationResult(true, 0, null));

        Assert.Equal(1, result.InvocationsPerSample);
        Assert.Equal(2, result.SamplesNs.Count); // 60 ms each: the second crosses MaxTime (100 ms)
    }

    [Fact]
    public void Invocations_rotate_through_every_input_set()
    {
        var (_, workload, _) = Measure(TimeSpan.FromMicroseconds(100), new ValidationResult(true, 0, null));

        Assert.Equal([0, 1, 2], workload.SetsUsed.Distinct().Order());
        Assert.Equal([0, 1, 2, 0, 1, 2], workload.SetsUsed.Take(6));
    }

    [Fact]
    public void The_device_is_synchronised_around_every_timed_sample()
    {
        var (result, _, device) = Measure(TimeSpan.FromMicroseconds(100), new ValidationResult(true, 0, null));

        Assert.True(device.Synchronizations >= 2 * result.SamplesNs.Count);
    }

    [Fact]
    public void A_case_whose_setup_throws_is_failed_with_the_reason()
    {
        var device = new IdleDevice();
        var measurer = new CaseMeasurer(Settings, new WorkloadCatalog([new FakeFactory(() => throw new ArgumentException("hot:9 needs at least 9 experts"))]));

        var result = measurer.Measure(Spec, device, CancellationToken.None);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Equal("setup failed: hot:9 needs at least 9 experts", result.FailureReason);
    }

    [Fact]
    public void Cancellation_stops_sampling()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var clock = new FakeClock();
        var measurer = new CaseMeasurer(Settings, new WorkloadCatalog([new FakeFactory(() => new FakeWorkload(clock, TimeSpan.FromMicroseconds(1), new ValidationResult(true, 0, null)))]), clock);

        Assert.ThrowsAny<OperationCanceledException>(() => measurer.Measure(Spec, new IdleDevice(), cts.Token));
    }
}
