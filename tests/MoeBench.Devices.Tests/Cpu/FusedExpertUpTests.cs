using MoeBench.Core.Inputs;
using MoeBench.Core.Reference;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Tests.Cpu;

/// <summary>
/// The fused up-projection (rows gathered while packing, SwiGLU in the epilogue) against the float64 reference of
/// the unfused ops: a permuted copy, ReferenceOps.GroupedGemm, then silu(gate)·up. Odd FFN widths leave padded
/// columns in the panel pairs; empty and ragged groups, repeated tokens and a group taller than one row block
/// (MC) cover the driver's paths.
/// </summary>
public sealed unsafe class FusedExpertUpTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<int[], int, int, GemmIsa, int> Layouts() => new()
    {
        { [0, 3, 5], 33, 37, GemmIsa.Auto, 1 },                 // first group empty, ffn not a panel multiple
        { [4, 0, 6], 257, 16, GemmIsa.Auto, 2 },                // one panel pair exactly
        { [2, 7, 0], 7, 1, GemmIsa.Auto, 3 },                   // ffn of one column
        { [1, 1, 1, 1, 1, 1, 1, 1], 64, 100, GemmIsa.Auto, 4 }, // decode: one row per expert
        { [0, 213, 0, 40], 33, 48, GemmIsa.Auto, 5 },           // taller than one row block
        { [0, 5, 0, 11, 0, 0, 2, 0], 512, 130, GemmIsa.Auto, 6 },
        { [3, 0, 8], 33, 45, GemmIsa.Scalar, 7 },
        { [3, 0, 8], 33, 45, GemmIsa.Vector256, 8 },
        { [3, 0, 8, 0, 17], 33, 45, GemmIsa.Vector512, 9 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gathered_swiglu_up_projection_matches_permute_gemm_and_activation(int[] groupRows, int k, int ffn, GemmIsa isa, int seed)
    {
        int groups = groupRows.Length;
        var offsets = Offsets(groupRows);
        int rows = offsets[groups];
        var random = new Random(seed);
        const int tokens = 29;
        var x = SeededInputs.Normal(random, tokens * k);
        var w13 = SeededInputs.Normal(random, groups * k * 2 * ffn);
        var rowToken = Enumerable.Range(0, Math.Max(1, rows)).Select(_ => random.Next(tokens)).ToArray();

        var expected = Expected(x, rowToken, offsets, w13, k, ffn);
        var panel = isa.Resolve().PanelWidth();
        var columns = GluLayout.Columns(ffn, panel);
        var interleaved = new float[groups * k * columns];
        for (var g = 0; g < groups; g++)
        {
            GluLayout.Interleave(w13.AsSpan(g * k * 2 * ffn, k * 2 * ffn), k, ffn, panel, interleaved.AsSpan(g * k * columns, k * columns));
        }

        using var packed = PackedGroups.Pack(interleaved, groups, k, columns, isa);
        var scratch = new float[Math.Max(1, rows * columns)];
        var act = new float[Math.Max(1, rows * ffn)];
        fixed (float* px = x, ps = scratch, pa = act)
        fixed (int* pt = rowToken, po = offsets)
        {
            GroupedSgemm.MultiplySwiglu(px, pt, po, packed, ffn, ps, pa);
        }

        double error = SgemmTests.RelativeError(act, expected, rows, ffn, ffn);
        Assert.True(error < Tolerance, $"seed {seed}, isa {isa}, rows per group [{string.Join(", ", groupRows)}], k={k} ffn={ffn}: normwise relative error {error:E2}");
    }

    [Fact]
    public void Gathered_plain_product_reads_each_row_from_its_token()
    {
        const int k = 19, n = 23, tokens = 5;
        var random = new Random(12);
        int[] offsets = [0, 4, 4, 9];
        int[] rowToken = [4, 0, 0, 3, 1, 2, 4, 4, 0];
        var x = SeededInputs.Normal(random, tokens * k);
        var b = SeededInputs.Normal(random, 3 * k * n);
        var gathered = rowToken.SelectMany(t => x.AsSpan(t * k, k).ToArray()).ToArray();
        var expected = ReferenceOps.GroupedGemm(Widen.ToDouble(gathered), offsets, Widen.ToDouble(b), n, k);

        using var packed = PackedGroups.Pack(b, 3, k, n);
        var c = new float[9 * n];
        fixed (float* px = x, pc = c)
        fixed (int* pt = rowToken, po = offsets)
        {
            GroupedSgemm.Multiply(px, pt, po, packed, pc);
        }

        Assert.True(SgemmTests.RelativeError(c, expected, 9, n, n) < Tolerance);
    }

    [Fact]
    public void A_layout_that_is_not_a_swiglu_layout_of_that_width_is_refused()
    {
        using var packed = PackedGroups.Pack(new float[2 * 3 * 40], 2, 3, 40);

        // 40 columns is no SwiGLU layout of ffn 20 (that would be two padded halves of whole panels).
        var error = Assert.Throws<ArgumentException>(() => Refuse(packed, 20));
        Assert.Contains("SwiGLU layout", error.Message, StringComparison.Ordinal);
    }

    private static void Refuse(PackedGroups packed, int ffn)
    {
        var offsets = new[] { 0, 1, 2 };
        var buffer = new float[packed.N * 2];
        fixed (int* po = offsets)
        fixed (float* pb = buffer)
        {
            GroupedSgemm.MultiplySwiglu(pb, null, po, packed, ffn, pb, pb);
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

    /// <summary>The unfused composition in float64: gather rows, grouped product, silu(gate)·up.</summary>
    private static double[] Expected(float[] x, int[] rowToken, int[] offsets, float[] w13, int k, int ffn)
    {
        int rows = offsets[^1];
        var gathered = new double[Math.Max(1, rows * k)];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < k; j++)
            {
                gathered[(r * k) + j] = x[(rowToken[r] * k) + j];
            }
        }

        var gateUp = ReferenceOps.GroupedGemm(gathered, offsets, Widen.ToDouble(w13), 2 * ffn, k);
        return ReferenceOps.Swiglu(gateUp, rows, ffn);
    }
}
