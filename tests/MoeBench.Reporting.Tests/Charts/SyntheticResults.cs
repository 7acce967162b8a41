using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Routing;
using MoeBench.Core.Statistics;
using MoeBench.Reporting.Charts;
using MoeBench.Reporting.Html;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>
/// A realistic run for chart, HTML and browser tests: kernels and layers on two CPU devices (shapes and speeds of
/// the 2-core Zen 5 CI machine), one failed result, seeded samples, a history with a change point.
/// </summary>
internal static class SyntheticResults
{
    public const int Seed = 20261123;

    public static readonly DeviceInfo Cpu = Device("cpu", "managed", 452e9, 46e9, "calibration: fp32 FMA loop, STREAM triad");
    public static readonly DeviceInfo CpuBlas = Device("cpu-blas", "openblas", 409e9, 46e9, "calibration: fp32 FMA loop, STREAM triad");

    public static DeviceInfo Device(string id, string backend, double peak, double bandwidth, string roofSource) =>
        new(id, backend, "AMD", "AMD EPYC (Zen 5), 2 cores", 2, ["avx512f", "avx512bw"], 24L << 30, peak, bandwidth, roofSource, Provenance.Measured);

    public static CaseSpec Kernel(string op, params (string Key, object Value)[] ps) =>
        new(CaseLevel.Kernel, op, new CaseParams(ps.Select(p => new KeyValuePair<string, object>(p.Key, p.Value))));

    public static CaseSpec Layer(string model, params (string Key, object Value)[] ps) =>
        new(CaseLevel.Layer, model, new CaseParams(ps.Select(p => new KeyValuePair<string, object>(p.Key, p.Value))));

    /// <summary>An ok result whose samples scatter ±2% around <paramref name="medianNs"/> (seeded).</summary>
    public static CaseResult Ok(CaseSpec spec, DeviceInfo device, OpCost cost, double medianNs, double tokens = 0, LoadImbalance? load = null, int seed = Seed)
    {
        // string.GetHashCode is randomised per process; the case id is a stable seed.
        var rng = new Random(seed ^ Convert.ToInt32(spec.Id[..7], 16) ^ device.Id.Length);
        var samples = Enumerable.Range(0, 25).Select(_ => medianNs * (1 + (0.02 * ((rng.NextDouble() * 2) - 1)))).ToList();
        var stats = SampleStatistics.From(samples);
        return new CaseResult(spec, device, device.Kind, ResultStatus.Ok, null, 3e-7, cost, stats,
            Metrics.From(cost, stats.MedianNs, tokens, device), samples, 4, seed, "hot", load);
    }

    public static LoadImbalance Zipf(int experts, int tokens, int topK, double alpha, int seed = Seed)
    {
        var rng = new Random(seed);
        var weights = Enumerable.Range(1, experts).Select(r => 1 / Math.Pow(r, alpha)).ToArray();
        var order = Enumerable.Range(0, experts).OrderBy(_ => rng.Next()).ToArray();
        var total = weights.Sum();
        var assignment = new int[tokens * topK];
        for (var i = 0; i < assignment.Length; i++)
        {
            var u = rng.NextDouble() * total;
            var k = 0;
            while (k < experts - 1 && (u -= weights[k]) > 0)
            {
                k++;
            }

            assignment[i] = order[k];
        }

        return LoadImbalance.From(assignment, experts);
    }

    /// <summary>Kernels and layers on both devices; the permute kernel failed validation on cpu-blas.</summary>
    public static List<CaseResult> Results()
    {
        var gemm = Kernel("gemm", ("m", 1024), ("n", 1024), ("k", 1024));
        var gemmCost = new OpCost(2.0 * 1024 * 1024 * 1024, 3.0 * 4 * 1024 * 1024);
        var grouped = Kernel("grouped_gemm", ("model", "mixtral-8x7b@1/8"), ("proj", "up"), ("tokens", 16), ("cache", "cold"), ("routing", "uniform"));
        var groupedCost = new OpCost(2.0 * 16 * 2 * 512 * 1792 * 2, 8.0 * 512 * 1792 * 2 * 4);
        var gate = Kernel("gate", ("model", "olmoe-1b-7b@1/4"), ("tokens", 512), ("routing", "uniform"));
        var gateCost = new OpCost(2.0 * 512 * 512 * 64, 4.0 * ((512 * 512) + (512 * 64) + (512 * 64)));
        var permute = Kernel("permute", ("model", "olmoe-1b-7b@1/4"), ("tokens", 512), ("routing", "hot:2"), ("capacity_factor", 1.25));
        var permuteCost = new OpCost(0, 2.0 * 4 * 512 * 8 * 512);
        var rmsnorm = Kernel("rmsnorm", ("rows", 512), ("hidden", 4096));
        var rmsCost = new OpCost(4.0 * 512 * 4096, 2.0 * 4 * 512 * 4096);
        var mixtral = Layer("mixtral-8x7b@1/8", ("tokens", 16), ("routing", "zipf:1.2"), ("cache", "cold"));
        var mixtralCost = new OpCost(2.0 * 16 * 2 * 3 * 512 * 1792, 4.0 * 8 * 3 * 512 * 1792);
        var qwen = Layer("qwen3-30b-a3b@1/4", ("tokens", 128), ("routing", "uniform"), ("cache", "cold"));
        var qwenCost = new OpCost(2.0 * 128 * 8 * 3 * 512 * 192, 4.0 * 128 * 3 * 512 * 192);
        var mixtralLoad = Zipf(8, 16, 2, 1.2);
        var qwenLoad = Zipf(128, 128, 8, 0.0);

        return
        [
            Ok(gemm, Cpu, gemmCost, 6.9e6), Ok(gemm, CpuBlas, gemmCost, 5.4e6),
            Ok(grouped, Cpu, groupedCost, 1.45e6, 16), Ok(grouped, CpuBlas, groupedCost, 1.62e6, 16),
            Ok(gate, Cpu, gateCost, 221e3, 512), Ok(gate, CpuBlas, gateCost, 204e3, 512),
            Ok(permute, Cpu, permuteCost, 480e3, 512),
            CaseResult.Failed(permute, CpuBlas, "relative error 3.2e-2 exceeds 1e-4 (max |out-ref| at row 17, col 3)", 3.2e-2, permuteCost, Seed, "hot"),
            Ok(rmsnorm, Cpu, rmsCost, 452e3), Ok(rmsnorm, CpuBlas, rmsCost, 467e3),
            Ok(mixtral, Cpu, mixtralCost, 2.31e6, 16, mixtralLoad) with { Profile = Phases(2.31e6) },
            Ok(mixtral, CpuBlas, mixtralCost, 2.52e6, 16, mixtralLoad),
            Ok(qwen, Cpu, qwenCost, 4.1e6, 128, qwenLoad), Ok(qwen, CpuBlas, qwenCost, 3.9e6, 128, qwenLoad),
        ];
    }

    /// <summary>A layer forward's phases summing to <paramref name="totalNs"/>, 8% of it outside the expert GEMMs.</summary>
    public static LayerProfile Phases(double totalNs) => new(
    [
        new("norm", 0.01 * totalNs, false), new("gate", 0.03 * totalNs, false), new("permute", 0.01 * totalNs, false),
        new("experts_up", 0.6 * totalNs, true), new("swiglu", 0.02 * totalNs, false), new("experts_down", 0.32 * totalNs, true),
        new("combine", 0.01 * totalNs, false),
    ]);

    /// <summary>Sixteen nightly runs of the GEMM on cpu; from run 10 on it got 15% slower.</summary>
    public static HistoryChartSeries History()
    {
        var rng = new Random(Seed);
        var points = Enumerable.Range(0, 16).Select(i =>
        {
            var median = (i < 10 ? 6.0e6 : 6.9e6) * (1 + (0.01 * ((rng.NextDouble() * 2) - 1)));
            var commit = Convert.ToHexStringLower(BitConverter.GetBytes(rng.NextInt64()));
            return new HistoryChartPoint(100 + i, commit, median, median * 0.99, median * 1.01);
        }).ToList();
        return new HistoryChartSeries("gemm k=1024 m=1024 n=1024", "cpu", points, [10]);
    }

    public static RunRecord Run(long id = 42)
    {
        var context = new RunContext("0.3.0+b571d90", "b571d90c0ffee1234567890abcdef1234567890", "main", true, "ci-runner-7",
            "Debian GNU/Linux 12", ".NET 10.0.1", "AMD EPYC 9R45 (Zen 5)", 2, "avx512f,avx512bw,avx512vl", "quick",
            "9f2c4e1ab7d05c33", new DateTimeOffset(2026, 11, 23, 2, 15, 0, TimeSpan.Zero), Seed, "{}",
            new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1", ["OPENBLAS_CORETYPE"] = "SkylakeX" });
        return new RunRecord(id, context, RunStatus.Complete, context.StartedUtc.AddMinutes(2), 4242);
    }

    public static IReadOnlyList<ComparisonRow> Comparison() =>
    [
        new("gemm k=1024 m=1024 n=1024", "cpu", 6.0e6, 6.9e6, 1.15, "regressed"),
        new("rmsnorm hidden=4096 rows=512", "cpu", 455e3, 452e3, 0.99, "unchanged"),
        new("gate model=olmoe-1b-7b@1/4 routing=uniform tokens=512", "cpu", 257e3, 221e3, 0.86, "improved"),
    ];

    public static ReportModel Model(bool withComparison = true) =>
        new(Run(), Results(), [History()], withComparison ? Comparison() : null, withComparison ? "run 41 (baseline) → run 42" : null);
}
