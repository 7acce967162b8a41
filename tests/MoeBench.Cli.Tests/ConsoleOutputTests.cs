using System.Text.Json;
using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Ops;
using MoeBench.Core.Results;
using MoeBench.Core.Statistics;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Console output as a CI log receives it (stdout is a pipe here, as under <c>| cat</c>): no row wraps, one line per
/// case; <c>COLUMNS</c> sets the width where it is given; <c>--format md|json</c> print the same verdicts as documents.
/// </summary>
public sealed class ConsoleOutputTests
{
    private const int Cases = 12;

    private static readonly DeviceInfo Cpu = new("cpu", "managed", "AMD", "EPYC test", 2, ["avx2"], 1L << 34, 1e11, 5e10, DeviceInfo.NotCalibrated, Provenance.Measured);

    [Fact]
    public void A_piped_12_case_gate_prints_one_line_per_case()
    {
        using var dir = new TempDir();
        var db = Store(dir);

        var gate = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--db", db, "--out", dir.File("gate"));

        Assert.True(gate.ExitCode == 1, gate.Stdout + gate.Stderr);
        var lines = gate.Stdout.Split('\n');
        for (var i = 0; i < Cases; i++)
        {
            // Each case's whole label, the parameter that tells it apart included, on exactly one line with its verdict.
            var line = Assert.Single(lines, l => l.Contains(Label(i) + " ", StringComparison.Ordinal) || l.EndsWith(Label(i), StringComparison.Ordinal));
            Assert.Contains(i == 0 ? "regressed" : "unchanged", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Columns_sets_the_width_of_a_piped_table()
    {
        using var dir = new TempDir();
        var db = Store(dir);

        var results = CliProcess.RunIn(CliProcess.RepoRoot, new Dictionary<string, string?> { ["COLUMNS"] = "100" }, ["results", "--run", "2", "--db", db]);

        Assert.Equal(0, results.ExitCode);
        var table = results.Stdout.Split('\n').Where(l => l.Contains('│', StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(table);
        Assert.All(table, l => Assert.InRange(l.TrimEnd().Length, 1, 100));
    }

    [Fact]
    public void Format_md_and_json_print_the_gates_summary_and_its_compare_document_on_stdout()
    {
        using var dir = new TempDir();
        var db = Store(dir);

        var md = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--db", db, "--out", dir.File("gate-md"), "--format", "md");
        var json = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--db", db, "--out", dir.File("gate-json"), "--format", "json");
        var resultsMd = CliProcess.Run("results", "--run", "2", "--db", db, "--format", "md");

        Assert.Equal(1, md.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.File("gate-md"), "summary.md")), md.Stdout);
        Assert.Equal(1, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("counts").GetProperty("regressed").GetInt32());
        Assert.Contains("gate files: ", json.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, resultsMd.ExitCode);
        var rows = resultsMd.Stdout.Split('\n').Where(l => l.StartsWith("| gemm ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Cases, rows.Count);
    }

    /// <summary>Two complete runs of 12 gemm cases; in the second the first case is 30% slower, the rest unchanged.</summary>
    private static string Store(TempDir dir)
    {
        var db = dir.File("results.db");
        using var store = SqliteResultStore.Open(db);
        for (var run = 0; run < 2; run++)
        {
            var runId = store.BeginRun(new RunContext(
                "0.0.0-test", "0123456789abcdef0123456789abcdef01234567", "main", false, "host", "Linux", ".NET 10", "EPYC test", 2, "avx2",
                "console", "0000000000000000", DateTimeOffset.UtcNow.AddMinutes(run), 7, "", new Dictionary<string, string>()));
            for (var i = 0; i < Cases; i++)
            {
                store.AddResult(runId, Result(i, run == 1 && i == 0 ? 1.3 : 1.0, seed: (run * 100) + i));
            }

            store.FinishRun(runId, RunStatus.Complete);
        }

        return db;
    }

    /// <summary>A long label, as real cases have, whose distinguishing parameter (n) comes last.</summary>
    private static string Label(int i) => new CaseSpec(CaseLevel.Kernel, "gemm", Params(i)).Label;

    private static CaseParams Params(int i) => new([new("cache", "hot"), new("dtype", "f32"), new("k", 4096L), new("m", 128L), new("n", 1024L + i)]);

    /// <summary>Twenty samples around 100 µs × <paramref name="factor"/> with 0.5% noise.</summary>
    private static CaseResult Result(int i, double factor, int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 20).Select(_ => 100_000 * factor * (1 + (0.005 * ((random.NextDouble() * 2) - 1)))).ToArray();
        var spec = new CaseSpec(CaseLevel.Kernel, "gemm", Params(i));
        return new CaseResult(
            spec, Cpu, Provenance.Measured, ResultStatus.Ok, null, 1e-7, new OpCost(2.0 * 128 * 4096 * (1024 + i), 4.0 * 4096 * (1024 + i)),
            SampleStatistics.From(samples), null, samples, InvocationsPerSample: 1, Seed: 7, Cache: "hot", Load: null);
    }
}
