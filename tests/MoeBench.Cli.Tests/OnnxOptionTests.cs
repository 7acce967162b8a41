namespace MoeBench.Cli.Tests;

/// <summary>The onnx device's session options through the command line: a malformed one stops a run before anything is written.</summary>
public sealed class OnnxOptionTests
{
    private const string Suite = """
        name: onnx-options
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 4, min_time_ms: 5, max_time_ms: 20, seed: 7}
        cases:
          - kernel: gemm
            params: {m: 3, n: 5, k: 7}
        """;

    [Fact]
    public void A_malformed_pinned_option_exits_2_naming_the_option_and_writes_no_database()
    {
        using var dir = new TempDir();
        var suite = dir.File("onnx.yaml", Suite);
        var db = dir.File("results.db");

        var stderr = CliProcess.Refused(db, "run", "--suite", suite, "--db", db, "--device", "onnx:cpu+opt=fastest");

        Assert.Contains("device 'onnx:cpu+opt=fastest' is unavailable: malformed option 'opt=fastest': opt takes one of disable, basic, extended, all", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_option_in_the_environment_exits_2_and_devices_lists_the_reason()
    {
        using var dir = new TempDir();
        var suite = dir.File("onnx.yaml", Suite);
        var db = dir.File("results.db");
        var environment = new Dictionary<string, string?> { ["MOEBENCH_ONNX_OPTIONS"] = "threads=lots" };

        var run = CliProcess.RunIn(dir.Path, environment, ["run", "--suite", suite, "--db", db, "--device", "onnx:cpu"]);
        var devices = CliProcess.RunIn(dir.Path, environment, ["devices", "--json", "--db", db]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("device 'onnx:cpu' is unavailable: MOEBENCH_ONNX_OPTIONS: malformed option 'threads=lots'", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
        Assert.Equal(0, devices.ExitCode);
        // JSON escapes the quotes around the option, so look for its parts.
        Assert.Contains("MOEBENCH_ONNX_OPTIONS: malformed option ", devices.Stdout, StringComparison.Ordinal);
        Assert.Contains("threads=lots", devices.Stdout, StringComparison.Ordinal);
    }
}
