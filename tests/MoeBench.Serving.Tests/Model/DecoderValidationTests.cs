using MoeBench.Devices.Cpu;
using MoeBench.Serving.Engine;
using MoeBench.Serving.Tests.Engine;

namespace MoeBench.Serving.Tests.Model;

public sealed class DecoderValidationTests : IDisposable
{
    private readonly CpuDevice _device = new();

    public void Dispose() => _device.Dispose();

    [Fact]
    public void A_decode_step_of_the_tiny_decoder_matches_its_float64_forward()
    {
        using var engine = TinyModel.Engine(_device, TinyModel.Options());

        var validation = engine.Validate();

        Assert.True(validation.Passed, validation.Message);
        Assert.InRange(validation.MaxAbsError, 0, validation.Tolerance);
    }

    [Theory]
    [InlineData("mixtral-8x7b@1/16")]
    [InlineData("qwen3-30b-a3b@1/16")]
    public void A_decode_step_of_a_scaled_zoo_model_matches_its_float64_forward(string model)
    {
        var options = new ServingEngineOptions(model, Layers: null, MaxBatchTokens: 32, MaxRunningRequests: 4, ChunkedPrefill: true, KvCacheBytes: 1 << 22, KvBlockTokens: 16, Seed: 5);
        using var engine = ServingEngines.Create(_device, options);

        var validation = engine.Validate();

        Assert.True(validation.Passed, validation.Message);
    }

    [Fact]
    public void An_unknown_model_or_zero_layers_is_refused()
    {
        var options = TinyModel.Options();

        Assert.Throws<ArgumentException>(() => ServingEngines.Create(_device, options with { Model = "no-such-model" }));
        Assert.Throws<ArgumentException>(() => TinyModel.Engine(_device, options with { Layers = 0 }));
        Assert.Throws<ArgumentException>(() => TinyModel.Engine(_device, options with { KvCacheBytes = 16 }));
    }
}
