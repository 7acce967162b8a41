using MoeBench.Core.Inputs;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Onnx.Tests;

/// <summary>What the conformance suite does not show: sessions built once compute each call's inputs afresh, and int4 blocks MatMulNBits cannot take are refused at load.</summary>
[Collection(SharedOnnxDevice.Name)]
public sealed class OnnxProductTests(OnnxFixture fixture)
{
    private const int K = 2 * 64, N = 40;
    private static readonly int[] Offsets = [0, 5, 5, 12];

    [Fact]
    public void A_session_built_once_computes_new_inputs_in_the_same_buffers()
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
    public void Int4_blocks_that_are_not_a_power_of_two_are_refused_at_load_with_the_reason()
    {
        var b = SeededInputs.Normal(SeededInputs.For(5, "b"), K * N);
        var quantized = QuantizedMatrix.QuantizeGroups(b, 1, K, N, [WeightFormat.I4(48)]);

        var refused = Assert.Throws<NotSupportedException>(() => fixture.Device.LoadQuantizedWeights(quantized));

        Assert.Contains("MatMulNBits", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(fixture.Device.Unsupported(WeightFormat.I4(48)));
        Assert.Null(fixture.Device.Unsupported(WeightFormat.I4(32)));
        Assert.Null(fixture.Device.Unsupported(WeightFormat.I4(128)));
    }
}
