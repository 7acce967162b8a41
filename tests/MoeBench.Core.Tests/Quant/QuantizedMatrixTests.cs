using MoeBench.Core.Inputs;
using MoeBench.Core.Quant;

namespace MoeBench.Core.Tests.Quant;

public sealed class QuantizedMatrixTests
{
    public static TheoryData<string, int, int> Shapes() => new()
    {
        { "int8", 33, 7 },
        { "int8", 200, 45 },
        { "int4/g32", 200, 45 },  // 6 full groups of 32 and a partial one of 8
        { "int4/g128", 200, 45 }, // one full group and a partial one of 72
        { "int4/g32", 31, 3 },    // K shorter than one group
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Integer_codes_round_to_the_nearest_step_and_saturate_at_the_group_maximum(string format, int k, int n)
    {
        var f = Parse(format);
        var w = SeededInputs.Normal(new Random(k + n), k * n);
        var q = QuantizedMatrix.Quantize(w, k, n, f);

        Assert.Equal(f.ScaleRows(k) * n, q.Scales.Length);
        for (var g = 0; g < f.ScaleRows(k); g++)
        {
            var (start, end) = f.ScaleGroupRows(g, k);
            for (var j = 0; j < n; j++)
            {
                var scale = q.Scales[(g * n) + j];
                var reachesMax = false;
                for (var row = start; row < end; row++)
                {
                    var code = q.Codes[(row * n) + j];
                    Assert.InRange(code, -f.MaxCode, f.MaxCode);
                    reachesMax |= Math.Abs(code) == f.MaxCode;
                    // Half a step, plus fp32 rounding of the scale itself.
                    Assert.True(
                        Math.Abs(q.Dequantize(row, j) - w[(row * n) + j]) <= (scale * 0.5000001) + 1e-12,
                        $"{format} ({row}, {j}): {w[(row * n) + j]} → {q.Dequantize(row, j)} with scale {scale}");
                }

                Assert.True(reachesMax, $"{format} group {g} column {j}: the largest weight must take the largest code");
            }
        }
    }

    [Fact]
    public void The_last_partial_int4_group_has_its_own_scale()
    {
        // Rows 0..31 are small, rows 32..39 (the partial group of K = 40) large: sharing a scale would zero the small ones.
        const int k = 40, n = 2;
        var w = new float[k * n];
        for (var row = 0; row < k; row++)
        {
            w[row * n] = w[(row * n) + 1] = row < 32 ? 0.01f * ((row % 7) + 1) : 100f + row;
        }

        var q = QuantizedMatrix.Quantize(w, k, n, WeightFormat.I4(32));

        Assert.Equal(2, WeightFormat.I4(32).ScaleRows(k));
        Assert.Equal(0.07f / 7, q.Scales[0], 1e-7f);
        Assert.Equal(139f / 7, q.Scales[n], 1e-4f);
        Assert.Equal(7, q.Codes[6 * n]); // row 6 holds 0.07, its group's maximum
    }

    [Fact]
    public void An_all_zero_group_gets_scale_zero_and_dequantizes_to_zero()
    {
        var q = QuantizedMatrix.Quantize(new float[4 * 3], 4, 3, WeightFormat.I8);

        Assert.All(q.Scales.ToArray(), s => Assert.Equal(0f, s));
        Assert.All(Enumerable.Range(0, 4), row => Assert.Equal(0.0, q.Dequantize(row, 1)));
    }

    [Theory]
    [InlineData(1.0f, 1.0f)]
    [InlineData(1.00390625f, 1.0f)]        // 1 + 2^-8: a tie between 1 and 1 + 2^-7, to the even mantissa (1)
    [InlineData(1.01171875f, 1.015625f)]   // 1 + 3·2^-8: a tie, to the even mantissa (1 + 2^-6)
    [InlineData(-3.1415927f, -3.140625f)]
    [InlineData(1e-40f, 9.18354962e-41f)]   // subnormal 0x000116C2 rounds up to 0x0001·2^16 = 2^-133
    public void Bf16_rounds_to_nearest_even(float value, float expected)
    {
        var q = QuantizedMatrix.Quantize([value], 1, 1, WeightFormat.BF16);

        Assert.Equal(expected, QuantizedMatrix.FromBf16(q.Bf16[0]), 1e-45f);
    }

    [Fact]
    public void Bf16_round_trip_is_within_half_an_ulp_of_its_eight_significant_bits()
    {
        var w = SeededInputs.Normal(new Random(5), 1000);
        var q = QuantizedMatrix.Quantize(w, 10, 100, WeightFormat.BF16);

        for (var i = 0; i < w.Length; i++)
        {
            Assert.True(Math.Abs(q.Dequantize(i / 100, i % 100) - w[i]) <= Math.Abs(w[i]) * Math.Pow(2, -8), $"{w[i]}");
        }
    }

    [Fact]
    public void F32_keeps_the_weights_exactly()
    {
        var w = SeededInputs.Normal(new Random(6), 12);
        var q = QuantizedMatrix.Quantize(w, 3, 4, WeightFormat.F32);

        Assert.Equal(w.Select(v => (double)v), Enumerable.Range(0, 12).Select(i => q.Dequantize(i / 4, i % 4)));
    }

    [Fact]
    public void Quantization_is_deterministic_and_idempotent_on_its_own_output()
    {
        var w = SeededInputs.Normal(new Random(8), 64 * 16);
        var first = QuantizedMatrix.Quantize(w, 64, 16, WeightFormat.I4(32));
        var again = QuantizedMatrix.Quantize(w, 64, 16, WeightFormat.I4(32));
        var dequantized = new double[w.Length];
        first.Dequantize(dequantized);
        var requantized = QuantizedMatrix.Quantize([.. dequantized.Select(d => (float)d)], 64, 16, WeightFormat.I4(32));

        Assert.Equal(first.Codes.ToArray(), again.Codes.ToArray());
        Assert.Equal(first.Scales.ToArray(), again.Scales.ToArray());
        Assert.Equal(first.Codes.ToArray(), requantized.Codes.ToArray());
    }

    [Fact]
    public void Groups_are_quantized_each_in_its_own_format()
    {
        var w = SeededInputs.Normal(new Random(9), 2 * 8 * 4);
        var groups = QuantizedMatrix.QuantizeGroups(w, 2, 8, 4, [WeightFormat.F32, WeightFormat.I8]);
        var dequantized = QuantizedMatrix.DequantizeGroups(groups);

        Assert.Equal(WeightFormat.F32, groups[0].Format);
        Assert.Equal(WeightFormat.I8, groups[1].Format);
        Assert.Equal(w[..32].Select(v => (double)v), dequantized[..32]);
        Assert.NotEqual(w[32..].Select(v => (double)v), dequantized[32..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-32)]
    public void Int4_groups_must_be_positive_and_even(int groupSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightFormat.I4(groupSize));

    [Theory]
    [InlineData("f32", 64, 16, 4096)]
    [InlineData("bf16", 64, 16, 2048)]
    [InlineData("int8", 64, 16, 1024 + 64)]           // a code per weight, an fp32 scale per column
    [InlineData("int4/g32", 64, 16, 512 + (2 * 64))]  // two per byte, 2 groups × 16 scales
    [InlineData("int4/g128", 64, 16, 512 + 64)]       // one partial group
    [InlineData("int4/g32", 33, 3, 50 + (2 * 12))]    // 99 codes round up to 50 bytes
    public void Bytes_count_codes_and_scales(string format, int k, int n, long bytes) =>
        Assert.Equal(bytes, Parse(format).Bytes(k, n));

    [Fact]
    public void Formats_print_as_suites_write_them()
    {
        Assert.Equal("int4/g128", WeightFormat.I4(128).ToString());
        Assert.Equal("int8", WeightFormat.Of(DType.I8).ToString());
        Assert.Equal(WeightFormat.BF16, WeightFormat.Of(DType.BF16));
    }

    internal static WeightFormat Parse(string text) => text switch
    {
        "f32" => WeightFormat.F32,
        "bf16" => WeightFormat.BF16,
        "int8" => WeightFormat.I8,
        "int4/g32" => WeightFormat.I4(32),
        "int4/g128" => WeightFormat.I4(128),
        _ => throw new ArgumentException(text),
    };
}
