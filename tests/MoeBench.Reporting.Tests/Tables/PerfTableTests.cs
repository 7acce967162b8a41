using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Reporting.Tables;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tests.Tables;

public sealed class PerfTableTests
{
    private static readonly DeviceInfo Cpu = new("cpu", "managed", "AMD", "EPYC", 2, ["avx2"], 1L << 33, 1.5e11, 2e10, "calibration #1", Provenance.Measured);
    private static readonly DeviceInfo Blas = Cpu with { Id = "cpu-blas", Backend = "openblas" };

    private static readonly RunRecord Run = new(
        7,
        new RunContext("t", "0123456789abcdef", "main", false, "ci", "linux", ".NET 10", "EPYC", 2, "avx2", "perf", "h",
            new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), 1, "", new Dictionary<string, string>()),
        RunStatus.Complete,
        null,
        1);

    private static CaseSpec Kernel(string name, params (string Key, object Value)[] ps) =>
        new(CaseLevel.Kernel, name, new CaseParams(ps.Select(p => new KeyValuePair<string, object>(p.Key, p.Value))));

    private static StoredResult Result(CaseSpec spec, DeviceInfo device, double medianNs)
    {
        double[] samples = [medianNs, medianNs, medianNs];
        var cost = new OpCost(2e9, 1e8);
        var stats = SampleStatistics.From(samples);
        return new StoredResult(1, 7, new CaseResult(spec, device, Provenance.Measured, ResultStatus.Ok, null, 1e-7, cost, stats,
            Metrics.From(cost, medianNs, 16, device), samples, 1, 1, "cold", null));
    }

    [Fact]
    public void Rows_carry_the_vendor_ratio_and_the_fp32_twin_ratio()
    {
        var gemm = Kernel("gemm", ("m", 1024L), ("n", 1024L), ("k", 1024L));
        var f32 = Kernel("grouped_gemm", ("model", "mixtral-8x7b@1/8"), ("proj", "up"), ("tokens", 4L));
        var int8 = Kernel("quant_grouped_gemm", ("model", "mixtral-8x7b@1/8"), ("proj", "up"), ("tokens", 4L), ("weight_dtype", "int8"));
        var int4 = Kernel("quant_grouped_gemm", ("model", "mixtral-8x7b@1/8"), ("proj", "up"), ("tokens", 16L), ("weight_dtype", "int4"), ("group_size", 32L));

        var table = PerfTable.Markdown(Run, [
            Result(gemm, Cpu, 10e6), Result(gemm, Blas, 12e6), Result(f32, Cpu, 4e6), Result(f32, Blas, 4e6),
            Result(int8, Cpu, 2e6), Result(int4, Cpu, 1e6),
        ]);

        var lines = table.Split('\n');
        Assert.EndsWith("| 1.20× |  |  |", Assert.Single(lines, l => l.StartsWith("| gemm ", StringComparison.Ordinal) && l.Contains("| cpu |", StringComparison.Ordinal)));
        Assert.EndsWith("|  |  |  |", Assert.Single(lines, l => l.StartsWith("| gemm ", StringComparison.Ordinal) && l.Contains("| cpu-blas |", StringComparison.Ordinal)));
        Assert.EndsWith("|  | 2.00× |  |", Assert.Single(lines, l => l.Contains("weight_dtype=int8", StringComparison.Ordinal)));

        // The int4 case has no fp32 twin at 16 tokens: no ratio rather than a wrong one.
        Assert.EndsWith("|  |  |  |", Assert.Single(lines, l => l.Contains("weight_dtype=int4", StringComparison.Ordinal)));
        Assert.Contains("Run 7 (complete) of suite `perf`, commit `0123456789ab`", table, StringComparison.Ordinal);
        Assert.Contains("`cpu` 150 GFLOP/s fp32, 20.0 GB/s (calibration #1)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_roofs_line_keeps_the_calibrated_bandwidth_when_a_probed_case_comes_first()
    {
        var decode = Kernel("grouped_gemm", ("model", "mixtral-8x7b@1/8"), ("proj", "up"), ("tokens", 1L));
        var gemm = Kernel("gemm", ("m", 1024L), ("n", 1024L), ("k", 1024L));
        var probed = Result(decode, Cpu with { BandwidthBytesPerSecond = 3.5e10, RoofSource = "calibration #1; bandwidth probed beside each sample" }, 1e6);
        probed = probed with { Result = probed.Result with { SampleBandwidths = [3.5e10, 3.5e10, 3.5e10] } };

        var table = PerfTable.Markdown(Run, [probed, Result(gemm, Cpu with { PeakFlopsInteger = 2.5e11 }, 10e6)]);

        Assert.Contains("`cpu` 150 GFLOP/s fp32, 250 GFLOP/s integer dot products, 20.0 GB/s (calibration #1);", table, StringComparison.Ordinal);
        Assert.Contains("Memory-bound cold cases are held, sample by sample, to the faster of the calibrated bandwidth above and the", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Memory-bound cold cases", PerfTable.Markdown(Run, [Result(gemm, Cpu, 10e6)]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_above_its_roof_is_marked_and_counted_and_a_hot_one_names_its_cache_tier()
    {
        var gemm = Kernel("gemm", ("m", 1024L), ("n", 1024L), ("k", 1024L));
        var permute = Kernel("permute", ("cache", "hot"), ("tokens", 16L));
        var cpu = Cpu with { MemoryTiers = [.. Cpu.MemoryTiers, new("l2", 2L << 20, 2.2e11, double.NaN)] };
        var exceeded = Result(gemm, cpu, 10e6);
        exceeded = exceeded with { Result = exceeded.Result with { Metrics = exceeded.Result.Metrics! with { PctOfPeak = 131, RoofExceeded = true } } };
        var hot = Result(permute, cpu, 1e6);
        hot = hot with { Result = hot.Result with { Metrics = hot.Result.Metrics! with { PctOfPeak = 40, Bound = "memory", RoofTier = "l2", RoofExceeded = false } } };

        var table = PerfTable.Markdown(Run, [exceeded, hot]);

        Assert.Contains("| 131% compute **roof exceeded** |", table, StringComparison.Ordinal);
        Assert.Contains("| 40% memory (l2) |", table, StringComparison.Ordinal);
        Assert.Contains("**1 result(s) exceed their roof**", table, StringComparison.Ordinal);
        Assert.Contains("Hot cases are held to the cache tier their working set fits in (`memory (l2)`); one past the last cache to", table, StringComparison.Ordinal);
        Assert.Contains("20.0 GB/s, caches l2 220.0 GB/s", table, StringComparison.Ordinal);
        Assert.DoesNotContain("exceed their roof", PerfTable.Markdown(Run, [Result(gemm, Cpu, 20e6)]), StringComparison.Ordinal); // 100 of 150 GFLOP/s
    }

    [Fact]
    public void Splice_replaces_only_the_marked_section_and_refuses_a_document_without_one()
    {
        var document = "a\n<!-- perf-table:begin -->\nold\n<!-- perf-table:end -->\nb\n";
        Assert.Equal("a\n<!-- perf-table:begin -->\nNEW\n<!-- perf-table:end -->\nb\n", PerfTable.Splice(document, "NEW\n"));
        Assert.Throws<FormatException>(() => PerfTable.Splice("a\nb\n", "NEW\n"));
    }
}
