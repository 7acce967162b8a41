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
            Isa = SqliteValues.ToJson(device.Isa),
            Details = device.Details,
            MemoryBytes = device.MemoryBytes,
            PeakFlopsF32 = SqliteValues.ToReal(device.PeakFlopsF32),
            PeakFlopsInteger = SqliteValues.ToReal(device.PeakFlopsInteger),
            BandwidthBytesPerSecond = SqliteValues.ToReal(device.BandwidthBytesPerSecond),
            RoofSource = device.RoofSource,
            DeviceKind = device.Kind.ToName(),
            DeviceRoofs = RoofsJson.Encode(device),
            DeviceTimer = device.Timer,
            Provenance = result.Provenance.ToName(),
            Status = result.Status.ToName(),
            FailureReason = result.FailureReason,
            RelativeError = SqliteValues.ToReal(result.RelativeError),
            Flops = SqliteValues.ToReal(result.Cost.Flops),
            Bytes = SqliteValues.ToReal(result.Cost.Bytes),
            IntegerFlops = SqliteValues.ToReal(result.Cost.IntegerFlops),
            SampleCount = stats?.Count,
            MedianNs = SqliteValues.ToReal(stats?.MedianNs),
            MeanNs = SqliteValues.ToReal(stats?.MeanNs),
            MinNs = SqliteValues.ToReal(stats?.MinNs),
            P10Ns = SqliteValues.ToReal(stats?.P10Ns),
            P90Ns = SqliteValues.ToReal(stats?.P90Ns),
            P99Ns = SqliteValues.ToReal(stats?.P99Ns),
            MadNs = SqliteValues.ToReal(stats?.MadNs),
            CiLowerNs = SqliteValues.ToReal(stats?.CiLowerNs),
            CiUpperNs = SqliteValues.ToReal(stats?.CiUpperNs),
            TokensPerSecond = SqliteValues.ToReal(metrics?.TokensPerSecond),
            Gflops = SqliteValues.ToReal(metrics?.Gflops),
            Gbps = SqliteValues.ToReal(metrics?.Gbps),
            PctOfPeak = SqliteValues.ToReal(metrics?.PctOfPeak),
            Bound = metrics?.Bound,
            InvocationsPerSample = result.InvocationsPerSample,
            Seed = result.Seed,
            Cache = result.Cache,
            LoadMaxOverMean = SqliteValues.ToReal(load?.MaxOverMean),
            LoadCv = SqliteValues.ToReal(load?.CoefficientOfVariation),
            LoadDropped = load?.DroppedTokens,
            LoadTokensPerExpert = load is null ? null : SqliteValues.ToJson(load.TokensPerExpert),
            RecordedUtc = SqliteValues.ToText(recordedUtc),
            Samples = result.SamplesNs.Count > 0 ? SampleBlob.Encode(result.SamplesNs) : null,
            RoundSizes = result.RoundSizes is { Count: > 1 } rounds ? SqliteValues.ToJson(rounds) : null,
            SampleBandwidths = result.SampleBandwidths is { Count: > 0 } bandwidths ? SampleBlob.Encode(bandwidths) : null,
            Profile = ProfileJson.Encode(result.Profile),
        };
    }

    public StoredResult ToStoredResult()
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
            SqliteValues.ToInt(Cores, "devices.cores"),
            SqliteValues.FromJson<string[]>(Isa, "devices.isa"),
            MemoryBytes,
            SqliteValues.FromReal(PeakFlopsF32),
            SqliteValues.FromReal(BandwidthBytesPerSecond),
            RoofSource,
            ProvenanceNames.Parse(DeviceKind),
            Details)
        {
            PeakFlopsInteger = SqliteValues.FromReal(PeakFlopsInteger),
            Timer = DeviceTimer ?? DeviceInfo.HostClockTimer,
        };
        var device = DeviceRoofs is null ? scalars : RoofsJson.Apply(scalars, DeviceRoofs);
        var result = new CaseResult(
            spec,
            device,
            ProvenanceNames.Parse(Provenance),
            StatusNames.ParseResultStatus(Status),
            FailureReason,
            RelativeError,
            new OpCost(SqliteValues.FromReal(Flops), SqliteValues.FromReal(Bytes), IntegerFlops ?? 0),
            ReadStatistics(),
            ReadMetrics(),
            SampleBlob.Decode(Samples),
            SqliteValues.ToInt(InvocationsPerSample, "results.invocations_per_sample"),
            SqliteValues.ToInt(Seed, "results.seed"),
            Cache,
            ReadLoad(),
            RoundSizes is null ? null : SqliteValues.FromJson<int[]>(RoundSizes, "result_samples.round_sizes"),
            ProfileJson.Decode(Profile),
            SampleBandwidths is null ? null : SampleBlob.Decode(SampleBandwidths));
        return new StoredResult(Id, RunId, result);
    }

    private SampleStatistics? ReadStatistics() => SampleCount is not { } count ? null : new SampleStatistics(
        SqliteValues.ToInt(count, "results.sample_count"),
        SqliteValues.FromReal(MedianNs),
        SqliteValues.FromReal(MeanNs),
        SqliteValues.FromReal(MinNs),
        SqliteValues.FromReal(P10Ns),
        SqliteValues.FromReal(P90Ns),
        SqliteValues.FromReal(P99Ns),
        SqliteValues.FromReal(MadNs),
        SqliteValues.FromReal(CiLowerNs),
        SqliteValues.FromReal(CiUpperNs));

    private Metrics? ReadMetrics() => Bound is null ? null : new Metrics(
        TokensPerSecond,
        SqliteValues.FromReal(Gflops),
        SqliteValues.FromReal(Gbps),
        SqliteValues.FromReal(PctOfPeak),
        Bound);

    private LoadImbalance? ReadLoad() => LoadTokensPerExpert is null ? null : new LoadImbalance(
        SqliteValues.FromJson<int[]>(LoadTokensPerExpert, "results.load_tokens_per_expert"),
        SqliteValues.FromReal(LoadMaxOverMean),
        SqliteValues.FromReal(LoadCv),
        SqliteValues.ToInt(LoadDropped ?? 0, "results.load_dropped"));
}
