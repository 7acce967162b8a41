using MoeBench.Core.Calibration;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Routing;
using MoeBench.Core.Statistics;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace MoeBench.Core.Results;

/// <summary>Derived throughput of one result; null where not meaningful (e.g. tokens/s of a bare GEMM).</summary>
/// <param name="PctOfPeak">Achieved share of the roof that bounds this op: the shortest time the device's roofs
/// allow — the compute time at its peaks (fp32 FLOPs at the fp32 peak, <see cref="OpCost.IntegerFlops"/> at the
/// integer dot-product peak where the device has one) or the memory time at the bandwidth of the tier its bytes
/// come from (<see cref="MemoryTierChoice"/>; for a hot working set past the last cache, the caches and main memory
/// together), whichever is longer — over the measured time. For fp32 alone that is
/// the compute roof at or above the ridge point (peak / bandwidth) and the bandwidth roof below it. NaN on a device
/// without roofs.</param>
/// <param name="Bound">Which roof bounds it: <c>compute</c> or <c>memory</c>; <c>unknown</c> without roofs.</param>
/// <param name="RoofTier">The memory tier the bytes were held to (<c>dram</c>, <c>l2</c>, <c>l3+dram</c> for a hot
/// working set that spills past the last cache, …); null without roofs and
/// for results stored before tiers were chosen (all held to main memory).</param>
/// <param name="RoofExceeded">
/// The share is above 100%: the result beat a roof, which proves that roof wrong. It is kept as measured — never
/// clamped — and flagged so every reader sees it.
/// </param>
public sealed record Metrics(
    double? TokensPerSecond, double Gflops, double Gbps, double PctOfPeak, string Bound, string? RoofTier = null, bool RoofExceeded = false)
{
    /// <summary>How tables name the roof: <c>compute</c>, or <c>memory</c> with its tier where one was recorded.</summary>
    public string BoundLabel =>
        Bound == "memory" && RoofTier is { } tier && tier != MemoryTier.Unnamed ? $"memory ({tier})" : Bound;

    /// <param name="cache">
    /// Whether the case ran from cache: a hot case's bytes are held to the tier its working set fits in, a cold
    /// case's to main memory.
    /// </param>
    public static Metrics From(OpCost cost, double medianNs, double tokens, DeviceInfo device, CacheState cache = CacheState.Cold)
    {
        ArgumentNullException.ThrowIfNull(device);
        var seconds = medianNs * 1e-9;
        var flops = cost.Flops / seconds;
        var bytes = cost.Bytes / seconds;
        var tokensPerSecond = tokens > 0 ? tokens / seconds : (double?)null;
        if (!device.HasRoofs)
        {
            return new Metrics(tokensPerSecond, flops / 1e9, bytes / 1e9, double.NaN, "unknown");
        }

        var roof = MemoryTierChoice.Roof(device.MemoryTiers, cost.Bytes, cache, device.BandwidthBytesPerSecond)!;
        var (fastest, computeBound) = Fastest(cost, device, roof.BandwidthBytesPerSecond);
        var pct = 100 * fastest / seconds;
        return new Metrics(tokensPerSecond, flops / 1e9, bytes / 1e9, pct, computeBound ? "compute" : "memory", roof.Tier, pct > 100);
    }

    /// <summary>
    /// As <see cref="From"/> for a cold case, but each sample is held to its own bandwidth
    /// (<paramref name="sampleBandwidths"/>, bytes/s, one per sample: the larger of the calibrated figure and the
    /// probes beside it): the share of peak is the median of the samples' shares (Harrell–Davis, as every median
    /// here). <paramref name="device"/> carries the compute roofs; its bandwidth is not used.
    /// </summary>
    public static Metrics FromProbedSamples(
        OpCost cost, IReadOnlyList<double> samplesNs, IReadOnlyList<double> sampleBandwidths, double medianNs, double tokens, DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(samplesNs);
        ArgumentNullException.ThrowIfNull(sampleBandwidths);
        if (samplesNs.Count != sampleBandwidths.Count || samplesNs.Count == 0)
        {
            throw new ArgumentException($"{sampleBandwidths.Count} probed bandwidths for {samplesNs.Count} samples", nameof(sampleBandwidths));
        }

        var metrics = From(cost, medianNs, tokens, device);
        if (!device.HasRoofs)
        {
            return metrics;
        }

        var shares = new double[samplesNs.Count];
        var memory = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            var (fastest, computeBound) = Fastest(cost, device, sampleBandwidths[i]);
            shares[i] = 100 * fastest / (samplesNs[i] * 1e-9);
            memory += computeBound ? 0 : 1;
        }

        var pct = shares.Length == 1 ? shares[0] : HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(shares), Probability.Median).NominalValue;
        return metrics with { PctOfPeak = pct, Bound = 2 * memory >= shares.Length ? "memory" : "compute", RoofExceeded = pct > 100 };
    }

    /// <summary>
    /// The shortest time the roofs allow and whether compute sets it: fp32 FLOPs at the fp32 peak plus integer FLOPs
    /// at the integer peak (the fp32 one where the device has none), against the bytes at <paramref name="bandwidth"/>.
    /// </summary>
    private static (double Seconds, bool ComputeBound) Fastest(OpCost cost, DeviceInfo device, double bandwidth)
    {
        var integerPeak = device.HasIntegerRoof ? device.PeakFlopsInteger : device.PeakFlopsF32;
        var computeSeconds = ((cost.Flops - cost.IntegerFlops) / device.PeakFlopsF32) + (cost.IntegerFlops / integerPeak);
        var memorySeconds = cost.Bytes / bandwidth;
        return (Math.Max(computeSeconds, memorySeconds), computeSeconds >= memorySeconds);
    }
}

/// <summary>One (run, case, device) measurement — or its failure — with everything needed to trust it.</summary>
/// <param name="RoundSizes">
/// How many of <paramref name="SamplesNs"/>, in order, each round of the run took (the engine's <c>rounds</c>); null
/// when all came from one round. Each round builds its inputs afresh at a different moment of the run, so the spread
/// of round medians shows the run-to-run noise that the samples of one round cannot.
/// </param>
/// <param name="Profile">Per-phase times of a layer case; null for kernels.</param>
/// <param name="SampleBandwidths">
/// The bandwidth each sample was held to, aligned with <paramref name="SamplesNs"/>, where a memory-bound cold case
/// ran on a device that can probe (<c>IBandwidthProbe</c>): the largest of the calibrated bandwidth and the probes on
/// the sample's two sides, as a roof is the most the device has shown. Its share of peak is against those
/// (<see cref="Metrics.FromProbedSamples"/>) and <see cref="Device"/> carries their median. Null otherwise: held
/// to the calibrated bandwidth of its tier.
/// </param>
/// <param name="OtherMetrics">
/// Metrics beyond those derived from the timed samples (<see cref="ResultMetrics.Derived"/>): a scenario's latency
/// percentiles and rates, a modeled prediction. Null or empty for a timed kernel or layer; never one of the metrics
/// the samples already give (a store keys metrics by id).
/// </param>
/// <param name="Evaluator">The evaluator that produced the result (<c>measured</c>, <c>modeled</c>, …).</param>
/// <param name="Serving">A serving scenario's per-request records and step timeline; null for everything else.</param>
public sealed record CaseResult(
    CaseSpec Case,
    DeviceInfo Device,
    Provenance Provenance,
    ResultStatus Status,
    string? FailureReason,
    double? RelativeError,
    OpCost Cost,
    SampleStatistics? Statistics,
    Metrics? Metrics,
    IReadOnlyList<double> SamplesNs,
    int InvocationsPerSample,
    int Seed,
    string Cache,
    LoadImbalance? Load,
    IReadOnlyList<int>? RoundSizes = null,
    LayerProfile? Profile = null,
    IReadOnlyList<double>? SampleBandwidths = null,
    IReadOnlyList<MetricValue>? OtherMetrics = null,
    string Evaluator = ResultMetrics.MeasuredEvaluator,
    ServingTimeline? Serving = null)
{
    /// <summary>Every metric of the result: those its samples give (time per invocation first), then <see cref="OtherMetrics"/>.</summary>
    public IReadOnlyList<MetricValue> AllMetrics => [.. ResultMetrics.Derived(this), .. OtherMetrics ?? []];

    /// <summary>The metric with this id, or null where the result does not have it.</summary>
    public MetricValue? Metric(string id) => AllMetrics.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>The samples split into their rounds, in order; one round when <see cref="RoundSizes"/> is null or does not add up.</summary>
    public IReadOnlyList<IReadOnlyList<double>> SamplesByRound()
    {
        if (RoundSizes is not { Count: > 1 } sizes || sizes.Sum() != SamplesNs.Count || sizes.Any(n => n <= 0))
        {
            return [SamplesNs];
        }

        var rounds = new List<IReadOnlyList<double>>(sizes.Count);
        var start = 0;
        foreach (var n in sizes)
        {
            rounds.Add([.. SamplesNs.Skip(start).Take(n)]);
            start += n;
        }

        return rounds;
    }

    /// <summary>
    /// A result of metrics without timed samples: a prediction from a device profile, a serving scenario's summary,
    /// an external engine's figures. It has no cache state or invocations of its own.
    /// </summary>
    public static CaseResult FromMetrics(
        CaseSpec spec, DeviceInfo device, Provenance provenance, OpCost cost, int seed, IReadOnlyList<MetricValue> metrics, string evaluator) =>
        new(spec, device, provenance, ResultStatus.Ok, null, null, cost, null, null, [], 0, seed, "", null, OtherMetrics: metrics, Evaluator: evaluator);

    public static CaseResult Failed(CaseSpec spec, DeviceInfo device, string reason, double? relativeError, OpCost cost, int seed, string cache) =>
        new(spec, device, device.Kind, ResultStatus.Failed, reason, relativeError, cost, null, null, [], 0, seed, cache, null);
}
