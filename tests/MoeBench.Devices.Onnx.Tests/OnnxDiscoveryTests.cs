namespace MoeBench.Devices.Onnx.Tests;

/// <summary>How the backend lists providers and reads session options: never throwing, always with a reason.</summary>
[Collection(SharedOnnxDevice.Name)]
public sealed class OnnxDiscoveryTests(OnnxFixture fixture)
{
    [Fact]
    public void The_cpu_provider_is_available_and_every_other_provider_is_listed_unavailable_with_what_it_needs()
    {
        var entries = new OnnxBackend().Discover();

        Assert.Equal(OnnxProvider.All.Select(p => p.DeviceId), entries.Select(e => e.Id));
        Assert.True(Assert.Single(entries, e => e.Id == "onnx:cpu").IsAvailable);
        Assert.All(entries.Where(e => e.Id != "onnx:cpu"), e =>
        {
            Assert.False(e.IsAvailable);
            Assert.Contains("is not in this ONNX Runtime build", e.UnavailableReason, StringComparison.Ordinal);
            Assert.Contains("needs ", e.UnavailableReason, StringComparison.Ordinal);
        });
        Assert.Equal(DeviceClass.Npu, Assert.Single(entries, e => e.Id == "onnx:qnn").Class);
        Assert.Equal(DeviceClass.Gpu, Assert.Single(entries, e => e.Id == "onnx:cuda").Class);
    }

    [Fact]
    public void A_runtime_that_fails_to_load_lists_every_provider_unavailable_instead_of_throwing()
    {
        var backend = new OnnxBackend(() => throw new DllNotFoundException("libonnxruntime.so: cannot open shared object file"), null);

        var entries = backend.Discover();

        Assert.Equal(OnnxProvider.All.Count, entries.Count);
        Assert.All(entries, e => Assert.Contains("libonnxruntime.so", e.UnavailableReason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cpu+threads=0", "threads takes a whole number")]
    [InlineData("cpu+opt=fastest", "opt takes one of disable, basic, extended, all")]
    [InlineData("cpu+threads", "malformed option 'threads'")]
    [InlineData("cpu+layer=fused", "layer takes one of auto, explicit, ops")]
    [InlineData("cpu+device_id=1", "unknown option 'device_id' for onnx:cpu")]
    [InlineData("tpu", "unknown execution provider 'tpu'")]
    public void A_malformed_pin_is_listed_unavailable_with_the_problem(string setting, string problem)
    {
        var entry = new OnnxBackend().Pin(setting);

        Assert.False(entry.IsAvailable);
        Assert.Equal($"onnx:{setting}", entry.Id);
        Assert.Contains(problem, entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_environment_options_make_the_listed_device_unavailable_naming_the_variable()
    {
        var entry = new OnnxBackend(() => ["CPUExecutionProvider"], "threads=-1").Discover()[0];

        Assert.False(entry.IsAvailable);
        Assert.StartsWith(OnnxSettings.EnvironmentVariable, entry.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_options_are_kept_for_providers_that_take_them()
    {
        var settings = OnnxSettings.Parse("threads=3+device_type=NPU+opt=basic", OnnxProvider.Find("openvino")!, out var problem);

        Assert.Null(problem);
        Assert.Equal("threads=3+opt=basic+layer=auto+device_type=NPU", settings!.Describe());
    }

    [Fact]
    public void Session_options_are_part_of_the_identity()
    {
        using var pinned = (OnnxDevice)new OnnxBackend().Pin("cpu+threads=1+opt=basic").Open!();

        Assert.Contains($"threads={Environment.ProcessorCount}+opt=all", fixture.Device.Info.Details, StringComparison.Ordinal);
        Assert.Contains("threads=1+opt=basic+layer=auto", pinned.Info.Details, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime 1.31.1", pinned.Info.Details, StringComparison.Ordinal);
        Assert.NotEqual(fixture.Device.Info.IdentityKey, pinned.Info.IdentityKey);
    }
}
