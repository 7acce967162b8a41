using MoeBench.Core;
using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>Field-by-field equality: records holding lists compare those by reference, so Assert.Equal on the whole would lie.</summary>
internal static class ResultAssert
{
    public static void Same(CaseResult expected, CaseResult actual)
    {
        Assert.Equal(expected.Case.Id, actual.Case.Id);
        Assert.Equal(expected.Case.CanonicalJson, actual.Case.CanonicalJson);
        Assert.Equal(expected.Case, actual.Case);
        Assert.Equal(expected.Case.Level, actual.Case.Level);
        Assert.Equal(expected.Case.Name, actual.Case.Name);
        foreach (var (key, value) in expected.Case.Params)
        {
            Assert.Equal(value.GetType(), actual.Case.Params[key].GetType());
            Assert.Equal(value, actual.Case.Params[key]);
        }

        Same(expected.Device, actual.Device);
        Assert.Equal(expected.Provenance, actual.Provenance);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.FailureReason, actual.FailureReason);
        Assert.Equal(expected.RelativeError, actual.RelativeError);
        Assert.Equal(expected.Cost, actual.Cost);
        Assert.Equal(expected.Statistics, actual.Statistics);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.SamplesNs, actual.SamplesNs);
        Assert.Equal(expected.RoundSizes, actual.RoundSizes);
        Assert.Equal(expected.SampleBandwidths, actual.SampleBandwidths);
        Assert.Equal(expected.Profile?.Phases, actual.Profile?.Phases);
        Assert.Equal(expected.InvocationsPerSample, actual.InvocationsPerSample);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Cache, actual.Cache);
        Assert.Equal(expected.Evaluator, actual.Evaluator);
        Same(expected.AllMetrics, actual.AllMetrics);
        if (expected.Load is null)
        {
            Assert.Null(actual.Load);
        }
        else
        {
            Assert.NotNull(actual.Load);
            Assert.Equal(expected.Load.TokensPerExpert, actual.Load.TokensPerExpert);
            Assert.Equal(expected.Load.MaxOverMean, actual.Load.MaxOverMean);
            Assert.Equal(expected.Load.CoefficientOfVariation, actual.Load.CoefficientOfVariation);
            Assert.Equal(expected.Load.DroppedTokens, actual.Load.DroppedTokens);
        }
    }

    public static void Same(IReadOnlyList<MetricValue> expected, IReadOnlyList<MetricValue> actual)
    {
        Assert.Equal(expected.Select(m => m.Definition), actual.Select(m => m.Definition));
        Assert.Equal(expected.Select(m => m.Value), actual.Select(m => m.Value));
        Assert.Equal(expected.Select(m => m.Interval), actual.Select(m => m.Interval));
        Assert.Equal(expected.Select(m => m.Samples.ToArray()), actual.Select(m => m.Samples.ToArray()));
    }

    public static void Same(DeviceInfo expected, DeviceInfo actual)
    {
        Assert.Equal(expected.IdentityKey, actual.IdentityKey);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Backend, actual.Backend);
        Assert.Equal(expected.Vendor, actual.Vendor);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.Cores, actual.Cores);
        Assert.Equal(expected.Isa, actual.Isa);
        Assert.Equal(expected.MemoryBytes, actual.MemoryBytes);
        Assert.Equal(expected.PeakFlopsF32, actual.PeakFlopsF32);
        Assert.Equal(expected.PeakFlopsInteger, actual.PeakFlopsInteger);
        Assert.Equal(expected.BandwidthBytesPerSecond, actual.BandwidthBytesPerSecond);
        Assert.Equal(expected.Peaks, actual.Peaks);
        Assert.Equal(expected.MemoryTiers, actual.MemoryTiers);
        Assert.Equal(expected.Links, actual.Links);
        Assert.Equal(expected.Timer, actual.Timer);
        Assert.Equal(expected.RoofSource, actual.RoofSource);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Details, actual.Details);
    }

    public static void Same(RunContext expected, RunContext actual)
    {
        Assert.Equal(expected.ToolVersion, actual.ToolVersion);
        Assert.Equal(expected.GitCommit, actual.GitCommit);
        Assert.Equal(expected.GitBranch, actual.GitBranch);
        Assert.Equal(expected.GitDirty, actual.GitDirty);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.Os, actual.Os);
        Assert.Equal(expected.Runtime, actual.Runtime);
        Assert.Equal(expected.CpuModel, actual.CpuModel);
        Assert.Equal(expected.CpuCores, actual.CpuCores);
        Assert.Equal(expected.CpuIsa, actual.CpuIsa);
        Assert.Equal(expected.Machine, actual.Machine);
        Assert.Equal(expected.Accelerators, actual.Accelerators);
        Assert.Equal(expected.SuiteName, actual.SuiteName);
        Assert.Equal(expected.SuiteHash, actual.SuiteHash);
        Assert.Equal(expected.StartedUtc.UtcTicks, actual.StartedUtc.UtcTicks);
        Assert.Equal(TimeSpan.Zero, actual.StartedUtc.Offset);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(
            expected.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            actual.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
