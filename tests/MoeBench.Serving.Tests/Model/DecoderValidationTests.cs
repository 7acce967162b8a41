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

    [Theory]
    [InlineData("bf16", 0)]
    [InlineData("int8", 0)]
    [InlineData("int4", 32)]
    public void Quantized_routed_experts_are_served_and_a_decode_step_matches_the_float64_forward_of_the_same_codes(string dtype, int groupSize)
    {
        Assert.True(MoeBench.Core.DTypeNames.TryParse(dtype, out var parsed), dtype);
        var format = MoeBench.Core.Quant.WeightFormat.Of(parsed, groupSize);
        var options = new ServingEngineOptions("qwen1.5-moe-a2.7b@1/16", Layers: null, MaxBatchTokens: 32, MaxRunningRequests: 4, ChunkedPrefill: true, KvCacheBytes: 1 << 22, KvBlockTokens: 16, Seed: 5, Experts: format);
        using var engine = new ServingEngine(_device, MoeBench.Core.Models.ModelZoo.Get(options.Model), options);

        var validation = engine.Validate();

        Assert.True(validation.Passed, validation.Message);
        var precision = Assert.IsType<MoeBench.Core.Quant.LayerPrecision>(engine.Decoder.Precision);
        Assert.All(precision.Experts, f => Assert.Equal(format, f));
        Assert.Equal(MoeBench.Core.Quant.WeightFormat.F32, precision.Shared);
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
