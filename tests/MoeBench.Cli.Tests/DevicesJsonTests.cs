using System.Text.Json;

namespace MoeBench.Cli.Tests;

/// <summary><c>devices --json</c> as a script reads it: one object per device with the fields vendor reports key on.</summary>
public sealed class DevicesJsonTests
{
    private static readonly string[] Kinds = ["cpu", "gpu", "fpga", "npu"];
    private static readonly string[] Provenances = ["measured", "modeled"];

    [Fact]
    public void Devices_json_lists_every_device_with_its_kind_backend_availability_and_provenance()
    {
        var db = Path.Combine(Path.GetTempPath(), $"moebench-devices-{Guid.NewGuid():N}.db");

        var outcome = CliProcess.Run("devices", "--json", "--db", db);

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Stdout);
        var devices = doc.RootElement.EnumerateArray().ToList();
        Assert.Contains(devices, d => d.GetProperty("id").GetString() == "cpu");
        Assert.Contains(devices, d => d.GetProperty("id").GetString() == "cpu-blas");
        foreach (var d in devices)
        {
            Assert.Contains(d.GetProperty("kind").GetString(), Kinds);
            Assert.False(string.IsNullOrEmpty(d.GetProperty("backend").GetString()));
            Assert.Contains(d.GetProperty("provenance").GetString(), Provenances);
            var available = d.GetProperty("available").GetBoolean();
            Assert.Equal(available, d.GetProperty("reason").ValueKind == JsonValueKind.Null);
        }

        var cpu = devices.Single(d => d.GetProperty("id").GetString() == "cpu");
        Assert.True(cpu.GetProperty("available").GetBoolean());
        Assert.Equal("measured", cpu.GetProperty("provenance").GetString());
        var ilgpuCpu = devices.Single(d => d.GetProperty("id").GetString() == "ilgpu:cpu");
        Assert.True(ilgpuCpu.GetProperty("available").GetBoolean());
        Assert.Equal("ilgpu", ilgpuCpu.GetProperty("backend").GetString());
        Assert.All(devices.Where(d => d.GetProperty("id").GetString()!.StartsWith("ilgpu:cuda:", StringComparison.Ordinal)), d => Assert.Equal("gpu", d.GetProperty("kind").GetString()));
        Assert.False(File.Exists(db), "listing devices must not create a database");
    }

    [Fact]
    public void Without_a_registered_OpenCL_driver_the_opencl_backend_is_listed_unavailable_with_what_to_install()
    {
        // OCL_ICD_VENDORS names the folder the ICD loader reads drivers from: empty, it finds no platform (where the
        // loader itself is missing, the reason names the library instead; either says what to install).
        var vendors = Directory.CreateTempSubdirectory("moebench-no-opencl-icd-").FullName;
        var db = Path.Combine(Path.GetTempPath(), $"moebench-devices-{Guid.NewGuid():N}.db");
        try
        {
            var outcome = CliProcess.RunIn(CliProcess.RepoRoot, new Dictionary<string, string?> { ["OCL_ICD_VENDORS"] = vendors }, ["devices", "--json", "--db", db]);

            Assert.Equal(0, outcome.ExitCode);
            using var doc = JsonDocument.Parse(outcome.Stdout);
            var devices = doc.RootElement.EnumerateArray().ToList();
            var opencl = Assert.Single(devices, d => d.GetProperty("backend").GetString() == "opencl");
            Assert.Equal("opencl", opencl.GetProperty("id").GetString());
            Assert.False(opencl.GetProperty("available").GetBoolean());
            Assert.Contains("pocl-opencl-icd", opencl.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains(devices, d => d.GetProperty("id").GetString() == "cpu" && d.GetProperty("available").GetBoolean());
        }
        finally
        {
            Directory.Delete(vendors);
        }
    }
}
