using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Routing;
using MoeBench.Core.Statistics;

namespace MoeBench.Storage;

/// <summary>CaseResult → columns and back.</summary>
internal sealed partial class ResultRow
{
    public static ResultRow From(long runId, CaseResult result, DateTimeOffset recordedUtc)
    {
        var (spec, device, stats, metrics, load) = (result.Case, result.Device, result.Statistics, result.Metrics, result.Load);
        return new ResultRow
        {
            RunId = runId,
            CaseId = spec.Id,
            CaseLevel = spec.Level.ToName(),
            CaseName = spec.Name,
            CaseParams = ParamsJson(spec.Params),
            DeviceKey = device.IdentityKey,
            DeviceId = device.Id,
            Backend = device.Backend,
            Vendor = device.Vendor,
            Model = device.Model,
            Cores = device.Cores,
            Isa = RowValues.ToJson(device.Isa),
            Details = device.Details,
            MemoryBytes = device.MemoryBytes,
            PeakFlopsF32 = RowValues.ToReal(device.PeakFlopsF32),
            PeakFlopsInteger = RowValues.ToReal(device.PeakFlopsInteger),
            BandwidthBytesPerSecond = RowValues.ToReal(device.BandwidthBytesPerSecond),
            RoofSource = device.RoofSource,
            DeviceKind = device.Kind.ToName(),
            DeviceRoofs = RoofsJson.Encode(device),
            DeviceTimer = device.Timer,
            Provenance = result.Provenance.ToName(),
            Status = (result.Status == ResultStatus.Invalid ? ResultStatus.Failed : result.Status).ToName(),
            Invalid = result.Status == ResultStatus.Invalid ? 1 : 0,
            FailureReason = result.FailureReason,
            RelativeError = RowValues.ToReal(result.RelativeError),
            Flops = RowValues.ToReal(result.Cost.Flops),
            Bytes = RowValues.ToReal(result.Cost.Bytes),
            IntegerFlops = RowValues.ToReal(result.Cost.IntegerFlops),
            SampleCount = stats?.Count,
            MedianNs = RowValues.ToReal(stats?.MedianNs),
            MeanNs = RowValues.ToReal(stats?.MeanNs),
            MinNs = RowValues.ToReal(stats?.MinNs),
            P10Ns = RowValues.ToReal(stats?.P10Ns),
            P90Ns = RowValues.ToReal(stats?.P90Ns),
            P99Ns = RowValues.ToReal(stats?.P99Ns),
            MadNs = RowValues.ToReal(stats?.MadNs),
            CiLowerNs = RowValues.ToReal(stats?.CiLowerNs),
            CiUpperNs = RowValues.ToReal(stats?.CiUpperNs),
            TokensPerSecond = RowValues.ToReal(metrics?.TokensPerSecond),
            Gflops = RowValues.ToReal(metrics?.Gflops),
            Gbps = RowValues.ToReal(metrics?.Gbps),
            PctOfPeak = RowValues.ToReal(metrics?.PctOfPeak),
            Bound = metrics?.Bound,
            RoofTier = metrics?.RoofTier,
            RoofExceeded = metrics?.RoofExceeded == true ? 1 : 0,
            InvocationsPerSample = result.InvocationsPerSample,
            Seed = result.Seed,
            Cache = result.Cache,
            LoadMaxOverMean = RowValues.ToReal(load?.MaxOverMean),
            LoadCv = RowValues.ToReal(load?.CoefficientOfVariation),
            LoadDropped = load?.DroppedTokens,
            LoadTokensPerExpert = load is null ? null : RowValues.ToJson(load.TokensPerExpert),
            RecordedUtc = RowValues.ToText(recordedUtc),
            Samples = result.SamplesNs.Count > 0 ? SampleBlob.Encode(result.SamplesNs) : null,
            RoundSizes = result.RoundSizes is { Count: > 1 } rounds ? RowValues.ToJson(rounds) : null,
            SampleBandwidths = result.SampleBandwidths is { Count: > 0 } bandwidths ? SampleBlob.Encode(bandwidths) : null,
            Profile = ProfileJson.Encode(result.Profile),
            Evaluator = result.Evaluator,
        };
    }

    /// <param name="metrics">
    /// The result's rows of the metric table. Those its columns also hold (what <see cref="ResultMetrics.Derived"/>
    /// gives for them) are derived again from the columns, which keep the full statistics; the rest — a modeled
    /// time per invocation without samples among them — are the result's other metrics.
    /// </param>
    public StoredResult ToStoredResult(IEnumerable<MetricValue> metrics)
    {
        var spec = new CaseSpec(CaseLevelNames.Parse(CaseLevel), CaseName, ParseParams(CaseParams));
        if (spec.Id != CaseId)
        {
            // The id is a database key; if re-hashing the stored case gives another id, history would lie.
            throw new InvalidDataException(
                $"case {CaseId} reads back as {spec.Id} ({spec.CanonicalJson}): its canonical form has changed");
        }

        var scalars = new DeviceInfo(
            DeviceId,
            Backend,
            Vendor,
            Model,
            RowValues.ToInt(Cores, "devices.cores"),
            RowValues.FromJson<string[]>(Isa, "devices.isa"),
            MemoryBytes,
            RowValues.FromReal(PeakFlopsF32),
            RowValues.FromReal(BandwidthBytesPerSecond),
            RoofSource,
            ProvenanceNames.Parse(DeviceKind),
            Details)
        {
            PeakFlopsInteger = RowValues.FromReal(PeakFlopsInteger),
            Timer = DeviceTimer ?? DeviceInfo.HostClockTimer,
        };
        var device = DeviceRoofs is null ? scalars : RoofsJson.Apply(scalars, DeviceRoofs);
        var result = new CaseResult(
            spec,
            device,
            ProvenanceNames.Parse(Provenance),
            Invalid != 0 ? ResultStatus.Invalid : StatusNames.ParseResultStatus(Status),
            FailureReason,
            RelativeError,
            new OpCost(RowValues.FromReal(Flops), RowValues.FromReal(Bytes), IntegerFlops ?? 0),
            ReadStatistics(),
            ReadMetrics(),
            SampleBlob.Decode(Samples),
            RowValues.ToInt(InvocationsPerSample, "results.invocations_per_sample"),
            RowValues.ToInt(Seed, "results.seed"),
            Cache,
            ReadLoad(),
            RoundSizes is null ? null : RowValues.FromJson<int[]>(RoundSizes, "result_samples.round_sizes"),
            ProfileJson.Decode(Profile),
            SampleBandwidths is null ? null : SampleBlob.Decode(SampleBandwidths),
            Evaluator: Evaluator);
        var derived = ResultMetrics.Derived(result).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        return new StoredResult(Id, RunId, result with { OtherMetrics = [.. metrics.Where(m => !derived.Contains(m.Id))] });
    }

    private SampleStatistics? ReadStatistics() => SampleCount is not { } count ? null : new SampleStatistics(
        RowValues.ToInt(count, "results.sample_count"),
        RowValues.FromReal(MedianNs),
        RowValues.FromReal(MeanNs),
        RowValues.FromReal(MinNs),
        RowValues.FromReal(P10Ns),
        RowValues.FromReal(P90Ns),
        RowValues.FromReal(P99Ns),
        RowValues.FromReal(MadNs),
        RowValues.FromReal(CiLowerNs),
        RowValues.FromReal(CiUpperNs));

    private Metrics? ReadMetrics() => Bound is null ? null : new Metrics(
        TokensPerSecond,
        RowValues.FromReal(Gflops),
        RowValues.FromReal(Gbps),
        RowValues.FromReal(PctOfPeak),
        Bound,
        RoofTier,
        RoofExceeded != 0);

    private LoadImbalance? ReadLoad() => LoadTokensPerExpert is null ? null : new LoadImbalance(
        RowValues.FromJson<int[]>(LoadTokensPerExpert, "results.load_tokens_per_expert"),
        RowValues.FromReal(LoadMaxOverMean),
        RowValues.FromReal(LoadCv),
        RowValues.ToInt(LoadDropped ?? 0, "results.load_dropped"));
}
