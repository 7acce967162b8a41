using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Routing;
using MoeBench.Core.Statistics;

namespace MoeBench.Storage.Tests;

/// <summary>Realistic records to store: every field set to a value that would show a mix-up.</summary>
internal static class SampleData
{
    public static RunContext Context(string suite = "quick", int seed = 42) => new(
        ToolVersion: "0.3.0+abc",
        GitCommit: "0123456789abcdef0123456789abcdef01234567",
        GitBranch: "feature/store",
        GitDirty: true,
        Host: "bench-host-7",
        Os: "Linux 6.8.0-45-generic",
        Runtime: ".NET 10.0.0",
        CpuModel: "AMD EPYC 9654 96-Core Processor",
        CpuCores: 96,
        CpuIsa: "avx2,avx512f,fma",

        SuiteName: suite,
        SuiteHash: "9f86d081884c7d65",

        // A non-UTC offset and sub-millisecond ticks: the store keeps the instant to the tick.
        StartedUtc: new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5_358_979),
        Seed: seed,
        Settings: "min_samples=30;max_time=2s;cache=cold",
        Environment: new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "8", ["DOTNET_TieredPGO"] = "0", ["CI"] = "true" });

    public static DeviceInfo Device(double peakFlops = 3.2e12) => new(
        "cpu",
        "managed",
        "AMD",
        "EPYC 9654",
        96,
        ["avx2", "avx512f", "fma"],
        768L * 1024 * 1024 * 1024,
        peakFlops,
        4.6e11,
        "calibrated",
        Provenance.Measured,
        "numa=2")
    {
        PeakFlopsInteger = 6.4e12,
    };

    /// <summary>Every parameter type: long, double, bool, string.</summary>
    public static CaseSpec LayerCase(long tokens = 512) => new(CaseLevel.Layer, "mixtral-8x7b@1/8", new CaseParams(
    [
        new("tokens", tokens),
        new("experts", 8),
        new("top_k", 2),
        new("zipf_alpha", 1.2),
        new("renormalize", true),
        new("routing", "zipf"),
    ]));

    public static double[] Samples(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = 125_000 + (random.NextDouble() * 9_000) + (i % 7 * 13.25);
        }

        return samples;
    }

    public static CaseResult Ok(CaseSpec? spec = null, int sampleSeed = 1)
    {
        var device = Device();
        var samples = Samples(37, sampleSeed);
        var stats = SampleStatistics.From(samples);
        var cost = new OpCost(2.75e9, 4.5e7, 2.5e9);
        var assignment = new int[512 * 2];
        for (var i = 0; i < assignment.Length; i++)
        {
            assignment[i] = i % 5 == 0 ? 3 : i % 8;
        }

        return new CaseResult(
            spec ?? LayerCase(),
            device,
            Provenance.Measured,
            ResultStatus.Ok,
            null,
            3.25e-7,
            cost,
            stats,
            Metrics.From(cost, stats.MedianNs, 512, device),
            samples,
            InvocationsPerSample: 16,
            Seed: 42,
            Cache: "cold",
            LoadImbalance.From(assignment, 8, capacity: 150),
            RoundSizes: [12, 12, 13],
            SampleBandwidths: [.. samples.Select((_, i) => 4.1e11 + (i * 1.25e9))],
            Profile: new LayerProfile([new("norm", 1.5e4, false), new("gate", 4.25e4, false), new("experts_up", 2.5e6, true), new("combine", 3e4, false)]));
    }

    public static CaseResult Failed() => CaseResult.Failed(
        new CaseSpec(CaseLevel.Kernel, "grouped_gemm", new CaseParams([new("m", 96), new("n", 6 * 512 + 7), new("k", 1024)])),
        Device() with { Id = "modeled:h100-sxm", Backend = "modeled", Kind = Provenance.Modeled, RoofSource = "profile" },
        "output differs from float64 reference: normwise relative error 0.83 > 1e-4",
        0.83,
        new OpCost(6.1e8, 1.3e7),
        seed: 7,
        cache: "hot");
}
