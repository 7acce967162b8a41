using MoeBench.Storage;

namespace MoeBench.Cli.Tests;

/// <summary>Roofs as a user meets them: calibrate, devices, and run reusing or renewing a calibration.</summary>
public sealed class CalibrationEndToEndTests
{
    private const string OneCase = """
        name: one
        engine: {warmup_ms: 5, target_sample_ms: 1, min_samples: 3, max_samples: 8, min_time_ms: 5, max_time_ms: 40, seed: 7}
        cases:
          - kernel: gemm
            params: {m: 7, n: 17, k: 9}
        """;

    [Fact]
    public void Calibrate_stores_the_roofs_and_devices_lists_them_with_their_age()
    {
        using var dir = new TempDir();
        var db = dir.File("results.db");

        var before = CliProcess.Run("devices", "--db", db);
        Assert.False(File.Exists(db), "listing devices must not create a database");
        var calibrate = CliProcess.Run("calibrate", "--device", "cpu", "--db", db);
        var after = CliProcess.Run("devices", "--db", db);

        Assert.True(before.ExitCode == 0, before.Stdout + before.Stderr);
        Assert.Contains("cpu: roofs not calibrated", before.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^│ cpu\s+│ not calibrated\s+│", before.Stdout); // the status word says what the roofs are
        Assert.True(calibrate.ExitCode == 0, calibrate.Stdout + calibrate.Stderr);
        Assert.Contains("peak f32 vector256", calibrate.Stdout, StringComparison.Ordinal);
        Assert.Contains("dram bandwidth (", calibrate.Stdout, StringComparison.Ordinal); // the CPU's one tier, with its capacity
        Assert.True(after.ExitCode == 0, after.Stdout + after.Stderr);
        Assert.Contains("GFLOP/s", after.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"cpu: roofs from calibration #1 \d{4}-\d\d-\d\dT\d\d:\d\dZ, <1 min old", after.Stdout);
        Assert.Matches(@"(?m)^│ cpu\s+│ calibrated\s+│", after.Stdout);
        using var store = SqliteResultStore.Open(db);
        Assert.Null(store.LatestRun()); // calibrating is not a run
    }

    [Fact]
    public void Calibrate_of_an_unknown_device_exits_2()
    {
        using var dir = new TempDir();

        var calibrate = CliProcess.Run("calibrate", "--device", "warp-drive", "--db", dir.File("results.db"));

        Assert.Equal(2, calibrate.ExitCode);
        Assert.Contains("no device 'warp-drive'", calibrate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_calibrates_when_none_is_stored_reuses_it_next_time_and_recalibrate_renews_it()
    {
        using var dir = new TempDir();
        var suite = dir.File("one.yaml", OneCase);
        var db = dir.File("results.db");

        var first = CliProcess.Run("run", "--suite", suite, "--db", db);
        var second = CliProcess.Run("run", "--suite", suite, "--db", db);
        var third = CliProcess.Run("run", "--suite", suite, "--db", db, "--recalibrate");

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.Contains("calibrating cpu…", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.DoesNotContain("calibrating cpu…", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("cpu: roofs from calibration #1", second.Stdout, StringComparison.Ordinal);
        Assert.True(third.ExitCode == 0, third.Stdout + third.Stderr);
        Assert.Contains("calibrating cpu…", third.Stdout, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(db);
        var runs = store.ListRuns(3).OrderBy(r => r.Id).ToList();
        var devices = runs.Select(r => Assert.Single(store.GetResults(r.Id)).Result.Device).ToList();
        Assert.StartsWith("calibration #1 ", devices[0].RoofSource, StringComparison.Ordinal);
        Assert.Equal(devices[0].RoofSource, devices[1].RoofSource);
        Assert.StartsWith("calibration #2 ", devices[2].RoofSource, StringComparison.Ordinal);
        var latest = store.LatestCalibration(devices[2].IdentityKey)!;
        Assert.Equal(2, latest.Id);
        Assert.Equal(latest.Roofs.PeakFlops(Core.DType.F32), devices[2].PeakFlopsF32);
        Assert.Equal(latest.Roofs.BandwidthBytesPerSecond, devices[2].BandwidthBytesPerSecond);
    }
}
