using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Ggml.Tests;

/// <summary>
/// What the conformance suite does not show: that the activation rounding the device states is real (its error is
/// above fp32's and under its own bound), that the reference must use ggml's stored weights, and that a graph built
/// once computes each invocation's inputs afresh.
/// </summary>
[Collection(SharedGgmlDevice.Name)]
public sealed class GgmlProductTests(GgmlFixture fixture, ITestOutputHelper output)
{
    private const int K = 256, N = 48;
    private static readonly int[] Offsets = [0, 5, 5, 12];

    public static TheoryData<string> RoundedFormats() => new() { "bf16", "int8", "int4/g32" };

    [Theory]
    [MemberData(nameof(RoundedFormats))]
    public void Rounded_activations_miss_the_fp32_tolerance_but_meet_the_stated_one(string format)
    {
        var device = fixture.Device;
        var weightFormat = format switch { "bf16" => WeightFormat.BF16, "int8" => WeightFormat.I8, _ => WeightFormat.I4(32) };
        var (a, quantized) = Draw(weightFormat, seed: format.Length);
        using var d = new DeviceTensors(device);
        var weights = d.QuantizedWeights(quantized);
        var c = d.Allocate<float>(Offsets[^1] * N);

        d.Kernels.QuantGroupedGemm(d.Upload(a), d.Upload(Offsets), weights, c);

        var rounding = device.Rounding(OpKind.QuantGroupedGemm, weightFormat.DType)!;
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), Offsets, ((IReencodedWeights)weights).Dequantized(), N, K);
        var error = RelativeError(d.Read(c), expected);
        output.WriteLine($"{format}: relative error {error:E2}, {rounding}");
        Assert.InRange(error, TensorAssert.Tolerance, rounding.Tolerance);
    }

    [Fact]
    public void The_reference_for_q4_0_is_ggmls_own_quantization_not_the_int4_codes()
    {
        var (a, quantized) = Draw(WeightFormat.I4(32), seed: 4);
        using var d = new DeviceTensors(fixture.Device);
        var weights = (IReencodedWeights)d.QuantizedWeights(quantized);

        var stored = weights.Dequantized();
        var given = QuantizedMatrix.DequantizeGroups(quantized);

        // ggml_quantize_chunk picks d = max / −8 per block, MoeBench max / 7: the same block, different grids.
        var largest = given.Max(Math.Abs);
        var moved = stored.Zip(given, (s, g) => Math.Abs(s - g)).Max();
        Assert.InRange(moved, 1e-3 * largest, 0.25 * largest);
    }

    [Fact]
    public void A_graph_built_once_computes_new_inputs_in_the_same_buffers()
    {
        var b = SeededInputs.Normal(SeededInputs.For(7, "b"), 3 * K * N);
        using var d = new DeviceTensors(fixture.Device);
        var weights = d.Weights(b, 3, K, N);
        var a = d.Allocate<float>(Offsets[^1] * K);
        var offsets = d.Upload(Offsets);
        var c = d.Allocate<float>(Offsets[^1] * N);

        foreach (var draw in new[] { "first", "second" })
        {
            var values = SeededInputs.Normal(SeededInputs.For(7, draw), Offsets[^1] * K);
            fixture.Device.Upload<float>(values, a);
            d.Kernels.GroupedGemm(a, offsets, weights, c);
            TensorAssert.Close(d.Read(c), ReferenceOps.GroupedGemm(Widen.ToDouble(values), Offsets, Widen.ToDouble(b), N, K), $"{draw} inputs");
        }
    }

    [Fact]
    public void Int4_in_groups_of_128_is_refused_at_load_with_the_reason()
    {
        var (_, quantized) = Draw(WeightFormat.I4(128), seed: 5);

        var refused = Assert.Throws<NotSupportedException>(() => fixture.Device.LoadQuantizedWeights(quantized));

        Assert.Contains("q4_0", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(fixture.Device.Unsupported(WeightFormat.I4(128)));
        Assert.Null(fixture.Device.Unsupported(WeightFormat.I4(32)));
    }

    private static (float[] A, QuantizedMatrix[] B) Draw(WeightFormat format, int seed)
    {
        var groups = Offsets.Length - 1;
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), Offsets[^1] * K);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), groups * K * N, 1f / MathF.Sqrt(K));
        return (a, QuantizedMatrix.QuantizeGroups(b, groups, K, N, Enumerable.Repeat(format, groups).ToArray()));
    }

    private static double RelativeError(float[] actual, double[] expected)
    {
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }

        return maxDiff / maxRef;
    }
}
