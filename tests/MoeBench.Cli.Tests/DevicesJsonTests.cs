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
}
