using System.Text.Json;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>The CLI as a user runs it: a tiny suite into a fresh SQLite file, then the stored rows.</summary>
public sealed class EndToEndTests
{
    private const string TinySuite = """
        name: tiny
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 8, min_time_ms: 5, max_time_ms: 40, seed: 7}
        cases:
          - kernel: gemm
            params: {m: [7, 33], n: 17, k: 9}
          - kernel: grouped_gemm
            params: {model: olmoe-1b-7b@1/16, tokens: 5, proj: [up, down], routing: zipf:1.2}
          - layer: [mixtral-8x7b@1/32]
            params: {tokens: [1, 7]}
        """;

    [Fact]
    public void Run_stores_a_complete_run_with_validated_measured_results_of_both_levels()
    {
        using var dir = new TempDir();
        var suite = dir.File("tiny.yaml", TinySuite);
        var db = dir.File("nested/results.db");

        var run = CliProcess.Run("run", "--suite", suite, "--db", db);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var store = SqliteResultStore.Open(db);
        var record = store.LatestRun()!;
        Assert.Equal(RunStatus.Complete, record.Status);
        Assert.Equal("tiny", record.Context.SuiteName);
        Assert.Equal(7, record.Context.Seed);
        Assert.NotNull(record.EndedUtc);
        var results = store.GetResults(record.Id).Select(r => r.Result).ToList();
        Assert.Equal(6, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(ResultStatus.Ok, r.Status);
            Assert.Equal(Core.Provenance.Measured, r.Provenance);
            Assert.Equal("cpu", r.Device.Id);
            Assert.InRange(r.RelativeError!.Value, 0, 1e-4);
            Assert.True(r.SamplesNs.Count >= 2);
            Assert.True(r.Metrics!.PctOfPeak > 0);
        });
        Assert.Contains(results, r => r.Case.Level == CaseLevel.Kernel);
        Assert.Contains(results, r => r.Case.Level == CaseLevel.Layer && r.Load is not null);
    }

    [Fact]
    public void Results_json_shows_the_run_and_every_result_with_its_context()
    {
        using var dir = new TempDir();
        var suite = dir.File("tiny.yaml", TinySuite);
        var db = dir.File("results.db");
        Assert.Equal(0, CliProcess.Run("run", "--suite", suite, "--db", db, "--filter", "gemm*m=7*").ExitCode);

        var json = CliProcess.Run("results", "--run", "latest", "--json", "--db", db);

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var run = doc.RootElement.GetProperty("run");
        Assert.Equal("complete", run.GetProperty("status").GetString());
        Assert.Equal("tiny", run.GetProperty("suite").GetString());
        Assert.Equal(40, run.GetProperty("commit").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(run.GetProperty("cpu_model").GetString()));
        Assert.Empty(run.GetProperty("accelerators").EnumerateArray()); // cpu and cpu-blas are the host CPU
        var result = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal("gemm", result.GetProperty("name").GetString());
        Assert.Equal("kernel", result.GetProperty("level").GetString());
        Assert.Equal(7, result.GetProperty("params").GetProperty("m").GetInt32());
        Assert.Equal("measured", result.GetProperty("provenance").GetString());
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.Equal(16, result.GetProperty("case_id").GetString()!.Length);
        Assert.Equal("host-clock+sync", result.GetProperty("device_timer").GetString());
        Assert.True(result.GetProperty("median_ns").GetDouble() > 0);
        Assert.True(result.GetProperty("gflops").GetDouble() > 0);
        Assert.True(result.GetProperty("rel_error").GetDouble() < 1e-4);
        Assert.Equal("measured", result.GetProperty("evaluator").GetString());
        var metrics = result.GetProperty("metrics");
        var time = metrics.GetProperty("time_per_invocation");
        Assert.Equal(result.GetProperty("median_ns").GetDouble(), time.GetProperty("value").GetDouble());
        Assert.Equal(("ns", "lower", "time_per_invocation"), (time.GetProperty("unit").GetString(), time.GetProperty("direction").GetString(), time.GetProperty("kind").GetString()));
        Assert.Equal(result.GetProperty("ci95_lower_ns").GetDouble(), time.GetProperty("ci").GetProperty("lower").GetDouble());
        Assert.Equal(result.GetProperty("sample_count").GetInt32(), time.GetProperty("sample_count").GetInt32());
        Assert.Equal(result.GetProperty("gflops").GetDouble(), metrics.GetProperty("gflops").GetProperty("value").GetDouble());
        Assert.Equal("higher", metrics.GetProperty("gflops").GetProperty("direction").GetString());
    }

    [Fact]
    public void Table_prints_the_runs_markdown_table_and_splices_it_into_a_marked_document()
    {
        using var dir = new TempDir();
        var suite = dir.File("tiny.yaml", TinySuite);
        var db = dir.File("results.db");
        Assert.Equal(0, CliProcess.Run("run", "--suite", suite, "--db", db, "--filter", "gemm*m=7*").ExitCode);

        var printed = CliProcess.Run("table", "--db", db);
        Assert.Equal(0, printed.ExitCode);
        Assert.Contains("| case | device | median | GFLOP/s | GB/s | % of roof | tokens/s | vs cpu-blas | vs f32 | non-GEMM |", printed.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\| gemm [^|]*m=7[^|]* \| cpu \| ", printed.Stdout);
        Assert.Contains("Run 1 (complete) of suite `tiny`", printed.Stdout, StringComparison.Ordinal);

        var readme = dir.File("README.md", "# T\n\n<!-- perf-table:begin -->\nold\n<!-- perf-table:end -->\n\ntail\n");
        Assert.Equal(0, CliProcess.Run("table", "--db", db, "--into", readme).ExitCode);
        var spliced = File.ReadAllText(readme);
        Assert.DoesNotContain("old", spliced, StringComparison.Ordinal);
        Assert.Matches(@"\| gemm [^|]*m=7[^|]* \| cpu \| ", spliced);
        Assert.EndsWith("<!-- perf-table:end -->\n\ntail\n", spliced, StringComparison.Ordinal);

        var unmarked = dir.File("plain.md", "# no markers\n");
        var refused = CliProcess.Run("table", "--db", db, "--into", unmarked);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("perf-table:begin", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("# no markers\n", File.ReadAllText(unmarked));

        // The peers table has its own block; this run has no peer device, and says so there.
        var both = dir.File("BOTH.md", "<!-- perf-table:begin -->\nperf\n<!-- perf-table:end -->\n<!-- peers-table:begin -->\nold\n<!-- peers-table:end -->\n");
        Assert.Equal(0, CliProcess.Run("table", "--db", db, "--table", "peers", "--into", both).ExitCode);
        Assert.Equal(
            "<!-- perf-table:begin -->\nperf\n<!-- perf-table:end -->\n<!-- peers-table:begin -->\nRun 1 has no case that `cpu` and a peer device both ran.\n<!-- peers-table:end -->\n",
            File.ReadAllText(both));
        Assert.Equal(2, CliProcess.Run("table", "--db", db, "--table", "nonsense").ExitCode);
    }

    [Fact]
    public void A_malformed_suite_exits_2_naming_file_line_and_field_and_writes_nothing()
    {
        using var dir = new TempDir();
        var suite = dir.File("bad.yaml", """
            name: bad
            cases:
              - kernel: gemm
                params: {m: 1024, n: many, k: 1024}
            """);
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db);

        Assert.Contains($"{suite}:4:", stderr, StringComparison.Ordinal);
        Assert.Contains("n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_device_exits_2_before_any_work()
    {
        using var dir = new TempDir();
        var suite = dir.File("tiny.yaml", TinySuite);
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db, "--device", "warp-drive");

        Assert.Contains("unknown device 'warp-drive'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_device_id_is_resolved_by_its_backend_and_a_bad_pin_exits_2_with_its_reason()
    {
        using var dir = new TempDir();
        var suite = dir.File("tiny.yaml", TinySuite);
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db, "--device", "cpu-blas:Skylake");

        Assert.Contains("device 'cpu-blas:Skylake' is unavailable: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void List_costs_each_case_from_its_definition()
    {
        var list = CliProcess.Run("list", "--suite", Path.Combine(CliProcess.RepoRoot, "suites", "quick.yaml"), "--filter", "gemm*m=1024*");

        // gemm 1024³: 2·1024³ FLOP and three 4 MiB matrices, with no device opened.
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("GFLOP", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("2.1475", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("12.583", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_command_with_examples()
    {
        var help = CliProcess.Run("--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "devices", "calibrate", "list", "run", "results" })
        {
            Assert.Contains(command, help.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("moebench run --suite suites/quick.yaml", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes", help.Stdout, StringComparison.Ordinal);
    }
}
