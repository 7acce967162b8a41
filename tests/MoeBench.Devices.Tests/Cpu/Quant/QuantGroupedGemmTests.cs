using MoeBench.Core.Inputs;
using MoeBench.Core.Quant;
using MoeBench.Core.Reference;
using MoeBench.Devices.Cpu.Quant;

namespace MoeBench.Devices.Tests.Cpu.Quant;

/// <summary>
/// The low-precision grouped product against ReferenceOps.QuantGroupedGemm (the float64 product with the
/// dequantized weights), on every path and format. Empty groups hold f32 NaN weights: any leak of them into another
/// group's rows, or any read of an empty group, turns the output NaN.
/// </summary>
public sealed unsafe class QuantGroupedGemmTests
{
    // int4/g6: groups that start mid-block of two pairs, which the integer path leaves to the fp32 stream.
    private static readonly string[] Formats = ["f32", "bf16", "int8", "int4/g32", "int4/g128", "int4/g6"];

    public static TheoryData<int[], int, int, string, string> Cases()
    {
        var data = new TheoryData<int[], int, int, string, string>();
        (int[] Rows, int K, int N)[] layouts =
        [
            ([0, 3, 5], 33, 100),           // first group empty; odd K (the last k alone); N % 16 = 4
            ([4, 0, 6], 257, 7),            // middle group empty; one partial panel
            ([2, 7, 0], 200, 45),           // last group empty; K = 6·32 + 8 and 128 + 72: partial last scale group
            ([1, 1, 1, 1, 1, 1, 1, 1], 64, 48), // decode: one row per expert
            ([0, 5, 0, 13, 0, 0, 2, 0], 130, 130), // 5 = 4 + 1 row tiles (AVX2); 13 rows leave fp32 streaming under Auto (int8/int4 keep integer tiles)
            ([8, 0, 11, 6, 12, 9], 66, 33),    // AVX-512 tiles of 8, 6 + 5, 6, 6 + 6 and 5 + 4 rows
            ([0, 40, 0, 3], 96, 40),        // a prefill-size group beside a decode-size one
            ([3, 2], 3, 16),                // K = 3: one whole pair and a lone k, all inside one padded block
            ([17, 2], 40, 20),              // integer tiles of 8, then 9 left split 5 + 4
        ];
        foreach (var (rows, k, n) in layouts)
        {
            foreach (var format in Formats)
            {
                foreach (var path in Enum.GetNames<QuantPath>())
                {
                    data.Add(rows, k, n, format, path);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_group_multiplies_its_own_dequantized_weights(int[] groupRows, int k, int n, string format, string pathName)
    {
        var path = Enum.Parse<QuantPath>(pathName);
        var groups = groupRows.Length;
        var offsets = Offsets(groupRows);
        var seed = HashCode.Combine(k, n, groups);
        var random = new Random(seed);
        var a = SeededInputs.Normal(random, Math.Max(1, offsets[groups] * k));
        var b = SeededInputs.Normal(random, groups * k * n);
        var formats = groupRows.Select(r => r == 0 ? WeightFormat.F32 : Parse(format)).ToArray();
        for (var g = 0; g < groups; g++)
        {
            if (groupRows[g] == 0)
            {
                b.AsSpan(g * k * n, k * n).Fill(float.NaN);
            }
        }

        var quantized = QuantizedMatrix.QuantizeGroups(b, groups, k, n, formats);
        if ((path == QuantPath.Stream && !QuantStreamKernel.IsSupported) || (path == QuantPath.Stream512 && !QuantStreamKernel512.IsSupported)
            || (path == QuantPath.IntDot512 && !QuantMaddKernel512.IsSupported))
        {
            // Where the processor lacks the ISA, asking for a streaming kernel must fail loudly, never fall back silently.
            Assert.Throws<PlatformNotSupportedException>(() => Multiply(a, offsets, quantized, n, path));
            return;
        }

        var c = Multiply(a, offsets, quantized, n, path);
        var expected = ReferenceOps.QuantGroupedGemm(Widen.ToDouble(a), offsets, quantized);
        TensorAssert.Close(c, expected, $"seed {seed}, {format}, {path}, rows [{string.Join(", ", groupRows)}], k={k} n={n}");
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("int4/g32")]
    public void Saturated_codes_and_outliers_in_a_scale_group_stay_exact(string format)
    {
        // Column 0: every weight at ±max (codes ±MaxCode); column 1: one outlier, the rest rounding to small codes;
        // column 2: all zero (scale 0). K = 70 spans two full groups of 32 and a partial one of 6.
        const int k = 70, n = 19;
        var b = SeededInputs.Normal(new Random(3), k * n);
        for (var row = 0; row < k; row++)
        {
            b[row * n] = row % 3 == 0 ? -2.5f : 2.5f;
            b[(row * n) + 1] = row == 33 ? 1000f : b[(row * n) + 1];
            b[(row * n) + 2] = 0f;
        }

        var quantized = QuantizedMatrix.QuantizeGroups(b, 1, k, n, [Parse(format)]);
        var max = quantized[0].Format.MaxCode;
        Assert.Equal(max, quantized[0].Codes[1 * n]); // row 1 of column 0: +2.5 is the group maximum
        var a = SeededInputs.Normal(new Random(4), 3 * k);
        int[] offsets = [0, 3];
        foreach (var path in new[] { QuantPath.Auto, QuantPath.Dequantize })
        {
            // Auto takes integer dot products where AVX-512 is present, so the saturated codes cross them too.
            var c = Multiply(a, offsets, quantized, n, path);
            TensorAssert.Close(c, ReferenceOps.QuantGroupedGemm(Widen.ToDouble(a), offsets, quantized), $"{format}, {path}");
            Assert.Equal(0f, c[2]);
        }
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("int4/g128")]
    public void Integer_sums_at_full_scale_over_a_long_k_do_not_overflow(string format)
    {
        // Every code at +max and every activation at the row's maximum: each k pair adds 2 · 32767 · 127 to an int32
        // lane, which would pass 2^31 after 258 pairs (516 k) without the kernel folding its sums into fp32.
        const int k = 3001, n = 17, rows = 3;
        var b = new float[k * n];
        b.AsSpan().Fill(0.5f);
        var a = new float[rows * k];
        a.AsSpan().Fill(1.25f);
        var quantized = QuantizedMatrix.QuantizeGroups(b, 1, k, n, [Parse(format)]);
        int[] offsets = [0, rows];
        var paths = QuantMaddKernel512.IsSupported ? new[] { QuantPath.IntDot512, QuantPath.Auto } : [QuantPath.Auto];
        foreach (var path in paths)
        {
            var c = Multiply(a, offsets, quantized, n, path);
            TensorAssert.Close(c, ReferenceOps.QuantGroupedGemm(Widen.ToDouble(a), offsets, quantized), $"{format}, {path}");
        }
    }

    [Fact]
    public void Int4_panels_put_two_pairs_in_one_block_even_pair_in_the_low_nibble()
    {
        const int k = 5, n = 3;
        var w = new float[k * n];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (i % 15) - 7; // codes −7..7 with scale 1 where a column reaches ±7
        }

        var m = QuantizedMatrix.Quantize(w, k, n, WeightFormat.I4(32));
        using var panels = QuantPanels.Pack(m);
        for (var row = 0; row < k + 1; row++)
        {
            for (var j = 0; j < n; j++)
            {
                var b = panels.Data[(row / 4 * 2 * QuantPanels.Width) + (2 * j) + (row & 1)];
                var nibble = (row & 2) == 0 ? b & 0xF : b >> 4;
                var expected = row < k ? m.Codes[(row * n) + j] & 0xF : 0; // the pad row of odd K is code 0
                Assert.True(expected == nibble, $"row {row}, column {j}: nibble {nibble:X}, code {expected:X}");
            }
        }
    }

    [Fact]
    public void Each_panel_format_prefetches_by_the_pair_size_its_panels_are_packed_with()
    {
        // The streaming tile prefetches one line per PairBytes stride: a wrong size would skip or repeat lines.
        Assert.Equal(PackedPairBytes(WeightFormat.F32), F32Panel.PairBytes);
        Assert.Equal(PackedPairBytes(WeightFormat.BF16), Bf16Panel.PairBytes);
        Assert.Equal(PackedPairBytes(WeightFormat.I8), I8Panel.PairBytes);
        Assert.Equal(PackedPairBytes(WeightFormat.I4(32)), I4Panel.PairBytes);
    }

    [Fact]
    public void All_groups_empty_writes_nothing()
    {
        var quantized = QuantizedMatrix.QuantizeGroups(SeededInputs.Normal(new Random(20), 2 * 4 * 5), 2, 4, 5, [WeightFormat.I8, WeightFormat.I8]);
        var c = Multiply([], [3, 3, 3], quantized, 5, QuantPath.Auto, rows: 1);
        Assert.All(c, v => Assert.Equal(7f, v));
    }

    private static int PackedPairBytes(WeightFormat format)
    {
        using var panels = QuantPanels.Pack(QuantizedMatrix.Quantize(new float[64 * 16], 64, 16, format));
        return panels.PairBytes;
    }

    private static float[] Multiply(float[] a, int[] offsets, QuantizedMatrix[] quantized, int n, QuantPath path, int? rows = null)
    {
        var panels = quantized.Select(QuantPanels.Pack).ToArray();
        try
        {
            var c = new float[Math.Max(1, (rows ?? offsets[^1]) * n)];
            if (rows is not null)
            {
                c.AsSpan().Fill(7f);
            }

            var aa = a.Length == 0 ? new float[1] : a;
            fixed (float* pa = aa, pc = c)
            fixed (int* po = offsets)
            {
                QuantGroupedGemm.Multiply(a.Length == 0 ? null : pa, po, panels, pc, path);
            }

            return rows is null ? c[..(offsets[^1] * n)] : c;
        }
        finally
        {
            foreach (var p in panels)
            {
                p.Dispose();
            }
        }
    }

    private static int[] Offsets(int[] groupRows)
    {
        var offsets = new int[groupRows.Length + 1];
        for (var g = 0; g < groupRows.Length; g++)
        {
            offsets[g + 1] = offsets[g] + groupRows[g];
        }

        return offsets;
    }

    internal static WeightFormat Parse(string text) => text switch
    {
        "f32" => WeightFormat.F32,
        "bf16" => WeightFormat.BF16,
        "int8" => WeightFormat.I8,
        "int4/g32" => WeightFormat.I4(32),
        "int4/g128" => WeightFormat.I4(128),
        "int4/g6" => WeightFormat.I4(6),
        _ => throw new ArgumentException(text),
    };
}
