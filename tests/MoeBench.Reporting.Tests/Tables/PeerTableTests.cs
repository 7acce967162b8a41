using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Reporting.Tables;
using MoeBench.Storage;

namespace MoeBench.Reporting.Tests.Tables;

/// <summary>The peers table: the same cases on cpu and each peer device of a run, matched by <see cref="PeerPairing"/>.</summary>
public sealed class PeerTableTests
{
    private static readonly DeviceInfo Cpu = new("cpu", "managed", "AMD", "EPYC", 2, ["avx512f"], 1L << 33, 4.3e11, 6.9e10, "calibration #1", Provenance.Measured);
    private static readonly DeviceInfo Blas = Cpu with { Id = "cpu-blas", Backend = "openblas" };
    private static readonly DeviceInfo Ggml = Cpu with { Id = "ggml", Backend = "ggml" };

    private static readonly RunRecord Run = new(
        9,
        new RunContext("t", "0123456789abcdef", "main", false, "ci", "linux", ".NET 10", "EPYC", 2, "avx512f", "perf", "h",
            new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), 1, "", new Dictionary<string, string>()),
        RunStatus.Complete,
        null,
        1);

    private static CaseSpec Kernel(string name, params (string Key, object Value)[] ps) =>
        new(CaseLevel.Kernel, name, new CaseParams(ps.Select(p => new KeyValuePair<string, object>(p.Key, p.Value))));

    private static CaseSpec Quant(long tokens, string dtype, long? group = null) => Kernel(
        "quant_grouped_gemm",
        [("model", "mixtral-8x7b@1/4"), ("proj", "up"), ("tokens", tokens), ("weight_dtype", dtype), .. group is { } g ? new[] { ("group_size", (object)g) } : []]);

    private static StoredResult Result(CaseSpec spec, DeviceInfo device, double medianNs, ResultStatus status = ResultStatus.Ok)
    {
        double[] samples = [medianNs, medianNs, medianNs];
        var cost = new OpCost(2e9, 1e8);
        var stats = SampleStatistics.From(samples);
        return new StoredResult(1, 9, new CaseResult(spec, device, Provenance.Measured, status, null, 1e-7, cost, stats,
            Metrics.From(cost, medianNs, 16, device), samples, 1, 1, "cold", null));
    }

    [Theory]
    [InlineData("q8_0", null, "int8", null, true)]
    [InlineData("q4_0", null, "int4", 32L, true)]
    [InlineData("q4_0", null, "int4", 128L, false)] // q4_0 is groups of 32, never 128
    [InlineData("q8_0", null, "int4", 32L, false)]
    [InlineData("int8", null, "int8", null, true)] // a peer that runs our own format pairs as is
    [InlineData("f32", null, "bf16", null, false)]
    public void Peer_formats_pair_only_with_the_format_of_ours_they_stand_in_for(string peer, long? peerGroup, string ours, long? ourGroup, bool pairs)
    {
        Assert.Equal(pairs, PeerPairing.Pairs(Quant(4, peer, peerGroup), Quant(4, ours, ourGroup)));
    }

    [Fact]
    public void Everything_but_the_device_must_match()
    {
        Assert.False(PeerPairing.Pairs(Quant(4, "q8_0"), Quant(16, "int8")));
        Assert.False(PeerPairing.Pairs(Kernel("gemm", ("m", 1024L)), Kernel("grouped_gemm", ("m", 1024L))));
        Assert.True(PeerPairing.Pairs(Kernel("gemm", ("m", 1024L), ("n", 512L)), Kernel("gemm", ("n", 512L), ("m", 1024L))));
    }

    [Fact]
    public void Each_case_on_cpu_gets_every_peers_rate_and_cpus_speed_up_over_each()
    {
        var gemm = Kernel("gemm", ("m", 1024L), ("n", 1024L), ("k", 1024L));
        var onlyCpu = Kernel("swiglu", ("rows", 1024L), ("ffn", 1792L));
        var table = PeerTable.Markdown(Run, [
            Result(gemm, Cpu, 5e6), Result(gemm, Blas, 6e6), Result(gemm, Ggml, 10e6),
            Result(Quant(4, "int8"), Cpu, 1e6), Result(Quant(4, "q8_0"), Ggml, 1.5e6),
            Result(Quant(16, "int4", 32), Cpu, 2e6), Result(Quant(16, "q4_0"), Ggml, 3e6, ResultStatus.Failed),
            Result(onlyCpu, Cpu, 1e6),
        ]);

        var lines = table.Split('\n');
        Assert.Equal("| case | cpu GFLOP/s | cpu-blas GFLOP/s | ggml GFLOP/s | vs cpu-blas | vs ggml |", lines[0]);
        Assert.Equal("| gemm k=1024 m=1024 n=1024 | 400.0 | 333.3 | 200.0 | 1.20× | 2.00× |", Assert.Single(lines, l => l.StartsWith("| gemm ", StringComparison.Ordinal)));
        Assert.EndsWith("| 2000.0 |  | 1333.3 (q8_0) |  | 1.50× |", Assert.Single(lines, l => l.Contains("weight_dtype=int8", StringComparison.Ordinal)));

        // A failed peer result and a case no peer ran give no row rather than an empty one.
        Assert.DoesNotContain(lines, l => l.StartsWith("| ", StringComparison.Ordinal) && (l.Contains("int4", StringComparison.Ordinal) || l.Contains("swiglu", StringComparison.Ordinal)));
        Assert.Contains("`vs X` is `cpu`'s speed-up over X", table, StringComparison.Ordinal);
        Assert.Contains("Run 9 (complete) of suite `perf`, commit `0123456789ab`", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_whose_confidence_intervals_overlap_is_marked_a_tie()
    {
        var gemm = Kernel("gemm", ("m", 256L), ("n", 256L), ("k", 256L));
        StoredResult Spread(DeviceInfo device, double medianNs) => Result(gemm, device, medianNs) is var r
            ? r with { Result = r.Result with { Statistics = SampleStatistics.From([.. Enumerable.Range(-5, 11).Select(i => medianNs * (1 + (0.01 * i)))]) } }
            : r;

        // ±5% spread around 1.00 and 1.04 ms: the intervals overlap. Around 1.00 and 1.30 ms they do not.
        var tie = PeerTable.Markdown(Run, [Spread(Cpu, 1.04e6), Spread(Ggml, 1.0e6)]);
        var apart = PeerTable.Markdown(Run, [Spread(Cpu, 1.0e6), Spread(Ggml, 1.3e6)]);

        Assert.Contains("| 0.96× (tie) |", tie, StringComparison.Ordinal);
        Assert.Contains("| 1.30× |", apart, StringComparison.Ordinal);
        Assert.Contains("`(tie)`: the two medians' 95% confidence intervals overlap", tie, StringComparison.Ordinal);
    }

    [Fact]
    public void Peers_are_whatever_measured_devices_the_run_has_beside_cpu()
    {
        var gemm = Kernel("gemm", ("m", 256L), ("n", 256L), ("k", 256L));
        var pinned = Blas with { Id = "cpu-blas:Haswell" };

        var (peers, rows) = PeerTable.Build([Result(gemm, Cpu, 1e6).Result, Result(gemm, pinned, 2e6).Result]);

        Assert.Equal(["cpu-blas:Haswell"], peers);
        Assert.Equal(2.0, Assert.Single(rows).SpeedUp(rows[0].Peers[0]));
        Assert.Contains("no case that `cpu` and a peer device both ran", PeerTable.Markdown(Run, [Result(gemm, Cpu, 1e6)]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_peers_table_has_its_own_marked_block()
    {
        var document = "<!-- perf-table:begin -->\nP\n<!-- perf-table:end -->\n<!-- peers-table:begin -->\nold\n<!-- peers-table:end -->\n";

        var spliced = PerfTable.Splice(document, "NEW\n", "<!-- peers-table:begin -->", "<!-- peers-table:end -->");

        Assert.Equal("<!-- perf-table:begin -->\nP\n<!-- perf-table:end -->\n<!-- peers-table:begin -->\nNEW\n<!-- peers-table:end -->\n", spliced);
    }
}
