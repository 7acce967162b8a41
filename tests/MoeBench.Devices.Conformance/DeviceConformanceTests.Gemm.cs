using MoeBench.Core;
using MoeBench.Core.Inputs;
using MoeBench.Core.Ops;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Tests;

namespace MoeBench.Devices.Conformance;

/// <summary>
/// The products against their float64 references. Sizes such as 6·16 + 7 leave a tail after every vector width and
/// tile; empty groups hold NaN weights, so a kernel that reads them or mixes up groups turns the output NaN.
/// </summary>
public abstract partial class DeviceConformanceTests
{
    private const int Odd = (6 * 16) + 7;

    public static TheoryData<int, int, int, bool> GemmShapes() => new()
    {
        { 1, Odd, 33, false },   // decode: one row
        { 13, Odd, Odd, false }, // C starts NaN: without accumulation it must be overwritten, never read
        { 7, 33, Odd, true },
    };

    /// <summary>Rows per expert group: empty first, middle and last groups, and ragged heights.</summary>
    public static TheoryData<int[]> RaggedGroups() =>
    [
        [0, 3, 0, 7, 1, 0],
        [1, 1, 1, 1, 1, 1, 1, 1],
        [17, 0, 2],
    ];

    public static TheoryData<string> QuantFormats() => new() { "bf16", "int8", "int4/g32", "int4/g128" };

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void Gemm_matches_the_float64_reference(int m, int k, int n, bool accumulate)
    {
        if (Device is not { } device)
        {
            return;
        }

        var seed = HashCode.Combine(m, k, n);
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), m * k);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), k * n);
        var c0 = accumulate ? SeededInputs.Normal(SeededInputs.For(seed, "c"), m * n) : Enumerable.Repeat(float.NaN, m * n).ToArray();
        using var d = new DeviceTensors(device);
        var c = d.Upload(c0);

        if (Unsupported(device, OpKind.Gemm, DType.F32, () => d.Kernels.Gemm(d.Upload(a), d.Weights(b, 1, k, n), c, m, accumulate)))
        {
            return;
        }

        var expected = ReferenceOps.Gemm(Widen.ToDouble(a), Widen.ToDouble(b), m, n, k, accumulate ? Widen.ToDouble(c0) : default);
        TensorAssert.Close(d.Read(c), expected, $"seed {seed}, gemm m={m} k={k} n={n} accumulate={accumulate}");
    }

    [Theory]
    [MemberData(nameof(RaggedGroups))]
    public void Grouped_gemm_matches_the_float64_reference_on_empty_and_ragged_groups(int[] groupRows)
    {
        if (Device is not { } device)
        {
            return;
        }

        const int K = Odd, N = 45;
        var offsets = Offsets(groupRows);
        var seed = HashCode.Combine(groupRows.Length, offsets[^1]);
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), offsets[^1] * K);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), groupRows.Length * K * N);
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, Widen.ToDouble(b), N, K);
        PoisonEmptyGroups(b, groupRows, K * N);
        using var d = new DeviceTensors(device);
        var c = d.Allocate<float>(offsets[^1] * N);

        if (Unsupported(device, OpKind.GroupedGemm, DType.F32, () => d.Kernels.GroupedGemm(d.Upload(a), d.Upload(offsets), d.Weights(b, groupRows.Length, K, N), c)))
        {
            return;
        }

        TensorAssert.Close(d.Read(c), expected, $"seed {seed}, grouped_gemm rows [{string.Join(", ", groupRows)}] k={K} n={N}");
    }

    [Fact]
    public void Grouped_gemm_with_every_group_empty_writes_nothing()
    {
        if (Device is not { } device)
        {
            return;
        }

        using var d = new DeviceTensors(device);
        var c = d.Upload<float>([7f]);
        var weights = SeededInputs.Normal(SeededInputs.For(1, "b"), 3 * 4 * 5);

        if (Unsupported(device, OpKind.GroupedGemm, DType.F32, () => d.Kernels.GroupedGemm(d.Allocate<float>(1), d.Upload<int>([0, 0, 0, 0]), d.Weights(weights, 3, 4, 5), c)))
        {
            return;
        }

        Assert.Equal([7f], d.Read(c));
    }

    [Theory]
    [MemberData(nameof(QuantFormats))]
    public void Quantized_grouped_gemm_matches_the_float64_reference_of_the_dequantized_weights(string format)
    {
        if (Device is not { } device)
        {
            return;
        }

        // K = 2·128 + 7: two whole int4 groups of 128 (eight of 32) and a partial one.
        const int K = (2 * 128) + 7, N = 45;
        int[] groupRows = [0, 3, 0, 9, 1];
        var weightFormat = WeightFormats[format];
        var offsets = Offsets(groupRows);
        var seed = HashCode.Combine(format.Length, K, N);
        var a = SeededInputs.Normal(SeededInputs.For(seed, "a"), offsets[^1] * K);
        var b = SeededInputs.Normal(SeededInputs.For(seed, "b"), groupRows.Length * K * N);
        PoisonEmptyGroups(b, groupRows, K * N);
        var formats = groupRows.Select(r => r == 0 ? WeightFormat.F32 : weightFormat).ToArray();
        var quantized = QuantizedMatrix.QuantizeGroups(b, groupRows.Length, K, N, formats);
        using var d = new DeviceTensors(device);
        var c = d.Allocate<float>(offsets[^1] * N);
        if (device is IWeightFormats formatSupport && formatSupport.Unsupported(weightFormat) is { } why)
        {
            // A device that supports the dtype in other formats only must refuse these weights at load, not compute them.
            var refused = Assert.Throws<NotSupportedException>(() => d.QuantizedWeights(quantized));
            Skip($"{format} weights are not supported ({why}; refused: {refused.Message})");
            return;
        }

        IDeviceWeights? weights = null;
        if (Unsupported(device, OpKind.QuantGroupedGemm, weightFormat.DType, () => d.Kernels.QuantGroupedGemm(d.Upload(a), d.Upload(offsets), weights = d.QuantizedWeights(quantized), c)))
        {
            return;
        }

        // The reference multiplies the weights as the device stores them (its own format, if it re-encodes), at the
        // tolerance its activation rounding implies (fp32's where it keeps them).
        var expected = weights is IReencodedWeights stored
            ? ReferenceOps.GroupedGemm(Widen.ToDouble(a), offsets, stored.Dequantized(), N, K)
            : ReferenceOps.QuantGroupedGemm(Widen.ToDouble(a), offsets, quantized);
        var tolerance = (device as IActivationRounding)?.Rounding(OpKind.QuantGroupedGemm, weightFormat.DType)?.Tolerance ?? TensorAssert.Tolerance;
        TensorAssert.Close(d.Read(c), expected, $"seed {seed}, quant_grouped_gemm {format} rows [{string.Join(", ", groupRows)}] k={K} n={N}", tolerance);
    }

    private static readonly Dictionary<string, WeightFormat> WeightFormats = new()
    {
        ["bf16"] = WeightFormat.BF16,
        ["int8"] = WeightFormat.I8,
        ["int4/g32"] = WeightFormat.I4(32),
        ["int4/g128"] = WeightFormat.I4(128),
    };

    private static int[] Offsets(int[] groupRows)
    {
        var offsets = new int[groupRows.Length + 1];
        for (var g = 0; g < groupRows.Length; g++)
        {
            offsets[g + 1] = offsets[g] + groupRows[g];
        }

        return offsets;
    }

    private static void PoisonEmptyGroups(float[] weights, int[] groupRows, int groupSize)
    {
        for (var g = 0; g < groupRows.Length; g++)
        {
            if (groupRows[g] == 0)
            {
                weights.AsSpan(g * groupSize, groupSize).Fill(float.NaN);
            }
        }
    }
}
