using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Devices;
using MoeBench.Devices.Timing;
using MoeBench.Engine.Workloads;

namespace MoeBench.Engine.Measurement;

/// <summary>
/// Measures one case on one device: build → validate against float64 → warm up → pilot → samples → statistics.
/// A case that fails validation or throws is returned as failed and never timed.
/// </summary>
public sealed class CaseMeasurer(EngineSettings settings, WorkloadCatalog catalog, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Synchronised forwards a layer's phase profile takes the median of, after its samples in the first round: enough
    /// for a stable median, few enough (well under a second for a prefill layer here) to leave the budget to samples.
    /// </summary>
    private const int ProfileInvocations = 9;

    /// <param name="validated">
    /// The case's earlier round that passed validation on this device: later rounds build the same seeded inputs,
    /// skip the reference check, and pool their samples into it.
    /// </param>
    /// <param name="info">The device with the roofs of this run (see <c>IRoofSource</c>); the device's own by default.</param>
    public CaseResult Measure(CaseSpec spec, IDevice device, CancellationToken cancellation, CaseResult? validated = null, DeviceInfo? info = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        // The timer is the device's own where it has one; results name the one that timed them.
        var timer = DeviceTimers.For(device, _time);
        info = (info ?? device.Info) with { Timer = timer.Name };
        var cacheState = CommonParams.CacheOf(spec.Params);
        var cache = cacheState.ToName();
        IWorkload workload;
        try
        {
            workload = catalog.For(spec).Create(spec, new WorkloadContext(device, settings.Seed, cacheState == CacheState.Cold, settings.ColdWorkingSetBytes));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or OutOfMemoryException or KeyNotFoundException)
        {
            return CaseResult.Failed(spec, info, $"setup failed: {e.Message}", null, default, settings.Seed, cache);
        }

        using (workload)
        {
            if (validated is not null)
            {
                var probe = validated.SampleBandwidths is null ? null : device as IBandwidthProbe;
                var (more, _, probedAgain) = Sample(workload, timer, probe, info.BandwidthBytesPerSecond, cancellation);
                return Pool(validated, more, probedAgain);
            }

            ValidationResult validation;
            try
            {
                validation = workload.Validate();
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or IndexOutOfRangeException)
            {
                return CaseResult.Failed(spec, info, $"validation threw: {e.Message}", null, workload.Cost, settings.Seed, cache);
            }

            if (!validation.Passed)
            {
                return CaseResult.Failed(spec, info, validation.Reason ?? "validation failed", validation.RelativeError, workload.Cost, settings.Seed, cache);
            }

            var prober = cacheState == CacheState.Cold && (MemoryBound(workload.Cost, info) || RotationFallsShort(workload))
                ? device as IBandwidthProbe
                : null;
            var (samples, perSample, probed) = Sample(workload, timer, prober, info.BandwidthBytesPerSecond, cancellation);
            var stats = SampleStatistics.From(samples);
            var profile = workload is IProfiledWorkload profiled ? profiled.Profile(ProfileInvocations, stats.MedianNs, _time, cancellation) : null;
            return new CaseResult(
                spec, Probed(info, probed), info.Kind, ResultStatus.Ok, null, validation.RelativeError, workload.Cost, stats,
                MetricsOf(workload.Cost, samples, probed, stats.MedianNs, workload.Tokens, info, cacheState), samples, perSample,
                settings.Seed, cache, workload.Load, [samples.Count], profile, probed);
        }
    }

    /// <summary>An earlier round's result with more samples: statistics and metrics recomputed over all of them.</summary>
    private static CaseResult Pool(CaseResult earlier, List<double> more, List<double>? moreBandwidths)
    {
        List<double> samples = [.. earlier.SamplesNs, .. more];
        var stats = SampleStatistics.From(samples);
        var tokens = earlier.Metrics?.TokensPerSecond is { } tps && earlier.Statistics is { } s ? tps * s.MedianNs * 1e-9 : 0;
        List<double>? bandwidths = earlier.SampleBandwidths is { } before && moreBandwidths is not null ? [.. before, .. moreBandwidths] : null;
        return earlier with
        {
            Device = bandwidths is null ? earlier.Device : earlier.Device with { BandwidthBytesPerSecond = Median(bandwidths) },
            SamplesNs = samples,
            RoundSizes = [.. earlier.RoundSizes ?? [earlier.SamplesNs.Count], more.Count],
            Statistics = stats,
            Profile = earlier.Profile?.ScaledTo(stats.MedianNs),
            Metrics = MetricsOf(earlier.Cost, samples, bandwidths, stats.MedianNs, tokens, earlier.Device, CacheStates.Parse(earlier.Cache)),
            SampleBandwidths = bandwidths,
        };
    }

    /// <summary>
    /// Held to each sample's own bandwidth where there are probes, else to the device's calibrated roofs — a hot case's
    /// bytes to the tier its working set fits in.
    /// </summary>
    private static Metrics MetricsOf(
        OpCost cost, List<double> samples, List<double>? bandwidths, double medianNs, double tokens, DeviceInfo info, CacheState cache) =>
        bandwidths is null
            ? Metrics.From(cost, medianNs, tokens, info, cache)
            : Metrics.FromProbedSamples(cost, samples, bandwidths, medianNs, tokens, info);

    /// <summary>
    /// Whether the calibrated roofs make the op memory-bound. Only such ops with cold caches — whose bytes come from
    /// DRAM by construction — are held to the bandwidth probed beside them; a hot op runs from cache.
    /// </summary>
    private static bool MemoryBound(OpCost cost, DeviceInfo info) =>
        info is { HasRoofs: true, Kind: Provenance.Measured } && Metrics.From(cost, 1, 0, info).Bound == "memory";

    /// <summary>
    /// Whether a cold case's input sets together touch less than the cold working set, so a rotation alone would
    /// find part of its inputs still in cache when it comes back to them: a layer of 128 experts at one token touches
    /// 8 of them (9.8 MB at qwen3-30b-a3b@1/4) while one set holds all 128 (151 MB), so the memory a rotation may hold
    /// affords 3 sets — 29 MB, inside a 32 MB L3 — and the layer read 119–139% of main memory's roof. Such a case's
    /// caches are evicted by a probe's stream over the cold working set each time its rotation starts again
    /// (<see cref="TimeInvocations"/>).
    /// </summary>
    private bool RotationFallsShort(IWorkload workload) =>
        workload.Sets * workload.Cost.Bytes < settings.ColdWorkingSetBytes;

    /// <summary>
    /// The device as a probed result carries it: the probes' median bandwidth, and its source saying so beside the
    /// calibration's; unchanged without probes.
    /// </summary>
    private static DeviceInfo Probed(DeviceInfo info, List<double>? bandwidths) => bandwidths is null ? info : info with
    {
        BandwidthBytesPerSecond = Median(bandwidths),
        RoofSource = string.Create(CultureInfo.InvariantCulture, $"{info.RoofSource}; bandwidth per sample: the faster of calibrated {info.BandwidthBytesPerSecond / 1e9:F1} GB/s and the probes beside it"),
    };

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// Warm-up, pilot and samples of one round. With a <paramref name="probe"/>, the memory bandwidth is probed
    /// before the first sample and after each one, and each sample is held to the fastest of the probes on its two
    /// sides and <paramref name="calibrated"/>: a roof is a maximum, so it is at least anything the device has shown.
    /// A probe above the calibration (a shared host's memory in a fast phase) raises the roof for the samples beside
    /// it; one below (a slow phase, or a probe that under-reads) never lowers it. A probe streams over the cold working
    /// set, so it also evicts the caches: a case whose rotation falls short of that set
    /// (<see cref="RotationFallsShort"/>) is probed, untimed, each time its rotation starts again.
    /// </summary>
    private (List<double> Samples, int PerSample, List<double>? Bandwidths) Sample(
        IWorkload workload, IDeviceTimer timer, IBandwidthProbe? probe, double calibrated, CancellationToken cancellation)
    {
        var set = 0;

        // Warm-up: JIT tiers, page faults, caches; its invocation times also pilot the sample size.
        var warmupTimes = new List<double>();
        var warmupStart = _time.GetTimestamp();
        while (warmupTimes.Count < 2 || _time.GetElapsedTime(warmupStart) < settings.WarmupTime)
        {
            cancellation.ThrowIfCancellationRequested();
            warmupTimes.Add(TimeInvocations(workload, timer, 1, ref set));
        }

        // Pilot: invocations per sample so a sample lasts about TargetSampleTime — far above the timer's resolution.
        warmupTimes.Sort();
        var estimateNs = warmupTimes[warmupTimes.Count / 2];
        var perSample = (int)Math.Clamp(Math.Ceiling(settings.TargetSampleTime.TotalNanoseconds / Math.Max(estimateNs, 1)), 1, 1_000_000);
        Action? evict = probe is not null && RotationFallsShort(workload) ? () => probe.ProbeBandwidth(settings.ColdWorkingSetBytes, cancellation) : null;

        var samples = new List<double>();
        var bandwidths = probe is null ? null : new List<double>();
        var previous = probe?.ProbeBandwidth(settings.ColdWorkingSetBytes, cancellation) ?? 0;
        var start = _time.GetTimestamp();
        while (samples.Count < settings.MaxSamples)
        {
            var elapsed = _time.GetElapsedTime(start);
            var enough = samples.Count >= settings.MinSamples && elapsed >= settings.MinTime;
            var outOfTime = samples.Count >= 2 && elapsed >= settings.MaxTime;
            if (enough || outOfTime)
            {
                break;
            }

            cancellation.ThrowIfCancellationRequested();
            samples.Add(TimeInvocations(workload, timer, perSample, ref set, evict));
            if (probe is not null)
            {
                var next = probe.ProbeBandwidth(settings.ColdWorkingSetBytes, cancellation);
                bandwidths!.Add(Math.Max(calibrated, Math.Max(previous, next)));
                previous = next;
            }
        }

        return (samples, perSample, bandwidths);
    }

    /// <summary>
    /// Nanoseconds per invocation over <paramref name="count"/> back-to-back invocations, by <paramref name="timer"/>
    /// (the device's own, or the host clock around synchronisation). With <paramref name="evictAtRotation"/>, it runs
    /// untimed before each pass over the sets starts at set 0, and the invocations between are timed back to back.
    /// </summary>
    private static double TimeInvocations(IWorkload workload, IDeviceTimer timer, int count, ref int set, Action? evictAtRotation = null)
    {
        var totalNs = 0.0;
        for (var done = 0; done < count;)
        {
            if (evictAtRotation is not null && set == 0)
            {
                evictAtRotation();
            }

            var first = set;
            var block = evictAtRotation is null ? count : Math.Min(count - done, workload.Sets - set);
            totalNs += timer.Time(() =>
            {
                for (var i = 0; i < block; i++)
                {
                    workload.Invoke((first + i) % workload.Sets);
                }
            }).TotalNanoseconds;
            done += block;
            set = (first + block) % workload.Sets;
        }

        return totalNs / count;
    }
}
