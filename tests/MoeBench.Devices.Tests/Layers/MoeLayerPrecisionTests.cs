using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Layers;

namespace MoeBench.Devices.Tests.Layers;

/// <summary>
/// The layer with low-precision experts against the float64 layer on the same dequantized weights, and evidence
/// that the precision was really applied (the output moves away from the fp32 layer's by the quantization error).
/// </summary>
[Collection(SharedCpuDevice.Name)]
public sealed class MoeLayerPrecisionTests(CpuDeviceFixture fixture)
{
    /// <summary>Odd widths everywhere (hidden 103 and FFN 33 leave partial int4 groups), a shared expert.</summary>
    private static readonly ModelConfig Odd = new(
        "odd", "Odd", Hidden: 6 * 16 + 7, ExpertFfn: 33, Experts: 12, TopK: 3, SharedExperts: 1, SharedFfn: 23,
        Layers: 1, MoeLayers: 1, Heads: 1, KvHeads: 1, Vocab: 1, RoutingScore.Sigmoid, Renormalize: true,
        RoutedScale: 1.5, Groups: 4, TopKGroups: 2);

    public static TheoryData<string, int, string, string, int> Cases() => new()
    {
        // model, tokens, routed format, hot format, hot experts
        { "odd", 1, "int8", "f32", 0 },
        { "odd", 7, "int4/g32", "f32", 0 },
        { "odd", 33, "bf16", "f32", 0 },
        { "odd", 7, "int4/g32", "f32", 4 },        // 4 hot experts in f32, the shared expert f32
        { "odd", 33, "int4/g128", "int8", 2 },     // hot experts and the shared expert int8
        { "mixtral-8x7b@1/32", 7, "int8", "f32", 0 },
        { "deepseek-v2-lite@1/16", 33, "int4/g32", "bf16", 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quantized_layer_matches_the_reference_on_its_dequantized_weights(string model, int tokens, string routed, string hot, int hotExperts)
    {
        var config = model == "odd" ? Odd : ModelZoo.Get(model);
        var popularity = Enumerable.Range(0, config.Experts).Select(e => (double)((e * 7) % config.Experts)).ToArray();
        var precision = LayerPrecision.Plan(Parse(routed), Parse(hot), hotExperts, popularity);
        var spec = new MoeLayerSpec(config, tokens) with { Precision = precision };
        var c = LayerCase.Build(spec, "zipf:1.2", tokens);
        var context = $"{model} tokens {tokens} routed {routed}, {hotExperts} hot + shared {hot}";

        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);
        executor.Forward();
        var output = executor.ReadOutput();

        TensorAssert.Close(output, ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), context);
        var fp32 = ReferenceMoeLayer.Forward(spec with { Precision = null }, c.Weights, c.Inputs);
        Assert.True(RelativeError(output, fp32) > TensorAssert.Tolerance, $"{context}: the output equals the fp32 layer's, so the weights were not quantized");
    }

    [Fact]
    public void Working_set_counts_the_packed_low_precision_bytes()
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), 4);
        var c = LayerCase.Build(spec, "uniform", 1);
        var int4 = spec with { Precision = LayerPrecision.Plan(WeightFormat.I4(32), WeightFormat.F32, 0, new double[spec.Model.Experts]) };

        using var f32 = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);
        using var q4 = new MoeLayerExecutor(fixture.Device, int4, c.Weights, c.Inputs);

        // Experts dominate the working set; at ~4.5 bits per weight instead of 32 it shrinks several times over.
        Assert.True(q4.WorkingSetBytes * 3 < f32.WorkingSetBytes, $"int4 {q4.WorkingSetBytes} B vs f32 {f32.WorkingSetBytes} B");
    }

    private static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }

        return maxDiff / maxRef;
    }

    private static WeightFormat Parse(string text) => text switch
    {
        "f32" => WeightFormat.F32,
        "bf16" => WeightFormat.BF16,
        "int8" => WeightFormat.I8,
        "int4/g32" => WeightFormat.I4(32),
        "int4/g128" => WeightFormat.I4(128),
        _ => throw new ArgumentException(text),
    };
}
