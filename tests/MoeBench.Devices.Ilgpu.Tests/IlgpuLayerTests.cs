using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Layers;
using MoeBench.Devices.Tests;
using MoeBench.Devices.Tests.Layers;

namespace MoeBench.Devices.Ilgpu.Tests;

/// <summary>
/// Whole MoE blocks on <c>ilgpu:cpu</c> through the shared layer executor — gate, dispatch, expert products, SwiGLU,
/// shared expert and combine queued back to back with the row counts left on the device — against the float64
/// layer. Small scaled models: the CPU accelerator is for correctness, not speed.
/// </summary>
[Collection(SharedIlgpuCpu.Name)]
public sealed class IlgpuLayerTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData("olmoe-1b-7b@1/16", 7, 0.0, 0, "uniform")]
    [InlineData("deepseek-v2-lite@1/16", 9, 1.0, 1, "zipf:1.2")] // shared expert, capacity drops, zero/copy/const experts
    public void Fp32_layer_matches_the_float64_layer(string model, int tokens, double capacityFactor, int extraExperts, string routing)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens, capacityFactor, extraExperts, extraExperts, extraExperts);

        var (output, expected) = Forward(spec, routing, seed: tokens);

        TensorAssert.Close(output, expected, $"{model} tokens {tokens} cf {capacityFactor} extra experts {extraExperts} {routing} seed {tokens}");
    }

    [Fact]
    public void Layer_with_int4_experts_and_int8_hot_experts_matches_the_float64_layer_on_their_dequantized_weights()
    {
        var config = ModelZoo.Get("mixtral-8x7b@1/32");
        var popularity = Enumerable.Range(0, config.Experts).Select(e => (double)e).ToArray();
        var spec = new MoeLayerSpec(config, 5) with { Precision = LayerPrecision.Plan(WeightFormat.I4(32), WeightFormat.I8, 2, popularity) };

        var (output, expected) = Forward(spec, "zipf:1.2", seed: 3);

        TensorAssert.Close(output, expected, "mixtral-8x7b@1/32 tokens 5, int4/g32 experts with 2 int8 hot ones, seed 3");
    }

    private (float[] Output, double[] Expected) Forward(MoeLayerSpec spec, string routing, int seed)
    {
        var c = LayerCase.Build(spec, routing, seed);
        using var executor = new MoeLayerExecutor(fixture.Device!, spec, c.Weights, c.Inputs);
        executor.Forward();
        return (executor.ReadOutput(), ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs));
    }
}
