using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary>
/// Every profile of the hardware folder is a <c>modeled:NAME</c> device; a malformed one stops <c>devices</c> and
/// <c>run</c> with its file, line and field (exit 2) before any work; a modeled run stores predictions as modeled.
/// </summary>
public sealed class ModeledDevicesTests : IDisposable
{
    private const string Profile = """
        vendor: Acme
        model: Test NPU
        class: npu
        peaks:
          - {dtype: f32, path: simd, dense: 50 TFLOP/s, source: datasheet}
        memory:
          - {name: hbm, capacity: 32 GB, bandwidth: 1 TB/s, source: datasheet}
        launch_overhead: {value: 3 us, source: estimate}

        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("moebench-modeled-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Hardware(params (string Name, string Yaml)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "hardware")).FullName;
        foreach (var (name, yaml) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), yaml);
        }

        return folder;
    }

    private CliProcess.Outcome Run(string hardware, params string[] args) =>
        CliProcess.RunIn(_dir.FullName, new Dictionary<string, string?> { ["MOEBENCH_HARDWARE"] = hardware }, args);

    [Fact]
    public void Devices_json_lists_each_profile_as_a_modeled_device_of_its_class()
    {
        var outcome = Run(Hardware(("test-npu.yaml", Profile)), "devices", "--json", "--db", Path.Combine(_dir.FullName, "r.db"));

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Stdout);
        var npu = doc.RootElement.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "modeled:test-npu");
        Assert.Equal(("npu", "modeled", "modeled", true), (
            npu.GetProperty("kind").GetString(), npu.GetProperty("backend").GetString(), npu.GetProperty("provenance").GetString(),
            npu.GetProperty("available").GetBoolean()));
        Assert.StartsWith("profile hardware/test-npu.yaml sha256:", npu.GetProperty("roof_source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_devices_table_describes_a_modeled_device_without_cores_or_isa_it_does_not_have()
    {
        var outcome = Run(Hardware(("test-npu.yaml", Profile)), "devices", "--db", Path.Combine(_dir.FullName, "r.db"));

        Assert.Equal(0, outcome.ExitCode);
        var row = outcome.Stdout.Split('\n').Single(l => l.Contains("npu profile", StringComparison.Ordinal));
        Assert.DoesNotContain("0 cores", row, StringComparison.Ordinal);
        Assert.DoesNotContain(", ;", row, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_profiles_are_listed_from_the_repository_root()
    {
        var outcome = CliProcess.RunIn(CliProcess.RepoRoot, new Dictionary<string, string?> { ["MOEBENCH_HARDWARE"] = null },
            ["devices", "--json", "--db", Path.Combine(_dir.FullName, "r.db")]);

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Stdout);
        var ids = doc.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Contains("modeled:h100-sxm", ids);
        Assert.Contains("modeled:sn40l", ids);
    }

    [Theory]
    [InlineData("devices")]
    [InlineData("run")]
    public void A_malformed_profile_stops_the_command_naming_file_line_and_field(string command)
    {
        var hardware = Hardware(("bad.yaml", Profile.Replace("bandwidth: 1 TB/s", "bandwidth: -1 TB/s", StringComparison.Ordinal)));
        var suite = Path.Combine(_dir.FullName, "s.yaml");
        File.WriteAllText(suite, "name: s\ndevices: [modeled:bad]\ncases:\n  - kernel: gemm\n    params: {m: 8, n: 8, k: 8}\n");
        var db = Path.Combine(_dir.FullName, "r.db");

        var outcome = command == "run" ? Run(hardware, "run", "--suite", suite, "--db", db) : Run(hardware, "devices", "--db", db);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"{Path.Combine(hardware, "bad.yaml")}:7:", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("memory[0].bandwidth", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db), "nothing may be written");
    }

    [Fact]
    public void A_modeled_run_stores_predictions_with_provenance_modeled_and_the_profile_hash()
    {
        var hardware = Hardware(("test-npu.yaml", Profile));
        var suite = Path.Combine(_dir.FullName, "s.yaml");
        File.WriteAllText(suite, "name: s\ndevices: [modeled:test-npu]\ncases:\n  - kernel: gemm\n    params: {m: 64, n: 64, k: 64}\n  - layer: mixtral-8x7b@1/8\n    params: {tokens: 8}\n");
        var db = Path.Combine(_dir.FullName, "r.db");

        var run = Run(hardware, "run", "--suite", suite, "--db", db);
        var results = Run(hardware, "results", "--run", "latest", "--json", "--db", db);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(0, results.ExitCode);
        Assert.Contains("\"provenance\": \"modeled\"", results.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"provenance\": \"measured\"", results.Stdout, StringComparison.Ordinal);
        Assert.Contains("profile hardware/test-npu.yaml sha256:", results.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_emit_profile_writes_the_cpus_modeled_twin_which_then_lists_as_modeled_name()
    {
        var hardware = Hardware();
        var path = Path.Combine(hardware, "twin.yaml");
        var db = Path.Combine(_dir.FullName, "r.db");

        var emit = Run(hardware, "calibrate", "--emit-profile", path, "--db", db);
        var devices = Run(hardware, "devices", "--json", "--db", db);

        Assert.True(emit.ExitCode == 0, emit.Stderr);
        var yaml = File.ReadAllText(path);
        Assert.Contains("twin_of: {device: \"cpu\"", yaml, StringComparison.Ordinal);
        Assert.Contains("measured by moebench calibrate on ", yaml, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(devices.Stdout);
        var all = doc.RootElement.EnumerateArray().ToList();
        var twin = all.Single(d => d.GetProperty("id").GetString() == "modeled:twin");
        var cpu = all.Single(d => d.GetProperty("id").GetString() == "cpu");
        Assert.Equal(("cpu", "modeled"), (twin.GetProperty("kind").GetString(), twin.GetProperty("provenance").GetString()));
        Assert.Equal(cpu.GetProperty("model").GetString(), twin.GetProperty("model").GetString());
        Assert.Equal(cpu.GetProperty("peak_flops_f32").GetDouble(), twin.GetProperty("peak_flops_f32").GetDouble(), 1e-3);
    }

    [Fact]
    public void Calibrate_refuses_a_profile_path_that_cannot_name_a_device_before_measuring()
    {
        var outcome = Run(Hardware(), "calibrate", "--emit-profile", Path.Combine(_dir.FullName, "Bad Name.yaml"), "--db", Path.Combine(_dir.FullName, "r.db"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("profile name 'Bad Name'", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "r.db")));
    }
}
