using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Routing;
using MoeBench.Core.Statistics;

namespace MoeBench.Core.Results;

/// <summary>Derived throughput of one result; null where not meaningful (e.g. tokens/s of a bare GEMM).</summary>
/// <param name="PctOfPeak">Achieved share of the roof that bounds this op: the shortest time the device's roofs
/// allow — the compute time at its peaks (fp32 FLOPs at the fp32 peak, <see cref="OpCost.IntegerFlops"/> at the
/// integer dot-product peak where the device has one) or the memory time at its bandwidth, whichever is longer —
/// over the measured time. For fp32 alone that is the compute roof at or above the ridge point (peak / bandwidth)
/// and the bandwidth roof below it. NaN on a device without roofs.</param>
/// <param name="Bound">Which roof bounds it: <c>compute</c> or <c>memory</c>; <c>unknown</c> without roofs.</param>
public sealed record Metrics(double? TokensPerSecond, double Gflops, double Gbps, double PctOfPeak, string Bound)
{
    public static Metrics From(OpCost cost, double medianNs, double tokens, DeviceInfo device)
    {
        var seconds = medianNs * 1e-9;
        var flops = cost.Flops / seconds;
        var bytes = cost.Bytes / seconds;
        var tokensPerSecond = tokens > 0 ? tokens / seconds : (double?)null;
        if (!device.HasRoofs)
        {
            return new Metrics(tokensPerSecond, flops / 1e9, bytes / 1e9, double.NaN, "unknown");
        }

        var integerPeak = device.PeakFlopsInteger is > 0 and < double.PositiveInfinity ? device.PeakFlopsInteger : device.PeakFlopsF32;
        var computeSeconds = ((cost.Flops - cost.IntegerFlops) / device.PeakFlopsF32) + (cost.IntegerFlops / integerPeak);
        var memorySeconds = cost.Bytes / device.BandwidthBytesPerSecond;
        var computeBound = computeSeconds >= memorySeconds;
        var pct = 100 * Math.Max(computeSeconds, memorySeconds) / seconds;
        return new Metrics(tokensPerSecond, flops / 1e9, bytes / 1e9, pct, computeBound ? "compute" : "memory");
    }
}

/// <summary>One (run, case, device) measurement — or its failure — with everything needed to trust it.</summary>
/// <param name="RoundSizes">
/// How many of <paramref name="SamplesNs"/>, in order, each round of the run took (the engine's <c>rounds</c>); null
/// when all came from one round. Each round builds its inputs afresh at a different moment of the run, so the spread
/// of round medians shows the run-to-run noise that the samples of one round cannot.
/// </param>
/// <param name="Profile">Per-phase times of a layer case; null for kernels.</param>
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
    LayerProfile? Profile = null)
{
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

    public static CaseResult Failed(CaseSpec spec, DeviceInfo device, string reason, double? relativeError, OpCost cost, int seed, string cache) =>
        new(spec, device, device.Kind, ResultStatus.Failed, reason, relativeError, cost, null, null, [], 0, seed, cache, null);
}
