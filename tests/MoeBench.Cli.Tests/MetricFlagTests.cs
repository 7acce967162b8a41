using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary><c>--metric</c> on the commands that compare: any stored metric, judged in its own direction.</summary>
public sealed class MetricFlagTests
{
    private const string Suite = """
        name: metric-flag
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 8, min_time_ms: 5, max_time_ms: 40, seed: 5}
        cases:
          - kernel: gemm
            params: {m: [7, 33], n: 17, k: 9}
        """;

    [Fact]
    public void Gate_and_compare_judge_the_metric_named_in_its_direction_and_unit_and_refuse_one_no_result_has()
    {
        using var dir = new TempDir();
        var suite = dir.File("metric.yaml", Suite);
        var db = dir.File("results.db");
        Assert.Equal(0, CliProcess.Run("run", "--suite", suite, "--db", db).ExitCode);
        Assert.Equal(0, CliProcess.Run("run", "--suite", suite, "--db", db).ExitCode);

        var gate = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--metric", "gflops", "--db", db, "--out", dir.File("gate"));
        var unknown = CliProcess.Run("gate", "--baseline", "1", "--candidate", "2", "--metric", "no_such_metric", "--db", db, "--out", dir.File("unknown"));
        var compareRun = CliProcess.Run("compare", "--baseline", "1", "--candidate", "2", "--metric", "gflops", "--db", db);

        Assert.True(gate.ExitCode is 0 or 1, gate.Stdout + gate.Stderr); // 1 only if the machine moved a case
        using var compare = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("gate"), "compare.json")));
        var metric = compare.RootElement.GetProperty("metric");
        Assert.Equal("gflops", metric.GetProperty("id").GetString());
        Assert.True(metric.GetProperty("higher_is_better").GetBoolean());
        Assert.True(compareRun.ExitCode is 0 or 1, compareRun.Stdout + compareRun.Stderr);
        Assert.Contains("GFLOP/s", compareRun.Stdout, StringComparison.Ordinal); // medians in the metric's unit, not as times
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no result of the candidate '2' has the metric 'no_such_metric'", unknown.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("unknown")));
    }
}
