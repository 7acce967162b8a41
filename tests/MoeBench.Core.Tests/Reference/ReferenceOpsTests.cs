using MoeBench.Core.Ops;
using MoeBench.Core.Reference;

namespace MoeBench.Core.Tests.Reference;

public sealed class ReferenceOpsTests
{
    [Fact]
    public void Gemm_of_a_hand_computed_product()
    {
        double[] a = [1, 2, 3, 4, 5, 6];
        double[] b = [7, 8, 9, 10, 11, 12];

        Assert.Equal([58, 64, 139, 154], ReferenceOps.Gemm(a, b, 2, 2, 3));
    }

    [Fact]
    public void Gemm_adds_c0_when_given()
    {
        double[] a = [1, 2, 3, 4, 5, 6];
        double[] b = [7, 8, 9, 10, 11, 12];

        Assert.Equal([59, 62, 140, 150], ReferenceOps.Gemm(a, b, 2, 2, 3, [1, -2, 1, -4]));
    }

    [Theory]
    [InlineData(3, 6 * 8 + 7, 5, 1)]
    [InlineData(1, 16, 33, 2)]
    [InlineData(5, 7, 2, 3)]
    public void Gemm_matches_dot_products_over_vector_bodies_and_tails(int m, int n, int k, int seed)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, m * k).Select(_ => random.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => random.NextDouble() - 0.5).ToArray();

        var c = ReferenceOps.Gemm(a, b, m, n, k);

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dot = 0.0;
                for (var p = 0; p < k; p++)
                {
                    dot += a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.True(Math.Abs(c[(i * n) + j] - dot) < 1e-12, $"seed {seed}: c[{i},{j}] = {c[(i * n) + j]}, expected {dot}");
            }
        }
    }

    [Fact]
    public void Grouped_gemm_skips_empty_groups_and_uses_each_groups_weights()
    {
        double[] a = [1, 2, 3, 4, 5, 6];
        // Group 0 identity, group 1 (empty) all nines, group 2 swaps columns, group 3 empty at the end.
        double[] b = [1, 0, 0, 1, 9, 9, 9, 9, 0, 1, 1, 0, 9, 9, 9, 9];

        var c = ReferenceOps.GroupedGemm(a, [0, 1, 1, 3, 3], b, 2, 2);

        Assert.Equal([1, 2, 4, 3, 6, 5], c);
    }

    [Fact]
    public void Grouped_gemm_with_no_rows_is_empty()
    {
        Assert.Empty(ReferenceOps.GroupedGemm([], [0, 0, 0], new double[8], 2, 2));
    }

    [Fact]
    public void Swiglu_is_silu_of_the_gate_half_times_the_up_half()
    {
        // Row 0: g = [0, 1], u = [3, 2]; row 1: g = [-2, 4], u = [1, -1].
        double[] gateUp = [0, 1, 3, 2, -2, 4, 1, -1];

        var h = ReferenceOps.Swiglu(gateUp, 2, 2);

        double Silu(double g) => g / (1 + Math.Exp(-g));
        Assert.Equal(0.0, h[0]);
        Assert.Equal(2 * 0.7310585786300049, h[1], 14);
        Assert.Equal(Silu(-2), h[2], 14);
        Assert.Equal(-Silu(4), h[3], 14);
        Assert.Equal(-0.23840584404423515, h[2], 14);
    }

    [Theory]
    [InlineData(0.0, 3.5355339059327378)]
    [InlineData(1.0, 3.6742346141747673)]
    public void RmsNorm_divides_by_root_mean_square_and_scales_by_gamma(double epsilon, double rms)
    {
        var y = ReferenceOps.RmsNorm([3, 4, -1, 0], [1, 2], 2, 2, epsilon);

        Assert.Equal(3 / rms, y[0], 14);
        Assert.Equal(8 / rms, y[1], 14);
        Assert.Equal(-1 / Math.Sqrt(0.5 + epsilon), y[2], 14);
        Assert.Equal(0.0, y[3]);
    }

    // Four tokens, top-2, three FFN experts; id 3 is a zero-computation expert.
    private static readonly int[] Ids = [2, 0, 0, 2, 1, 0, 0, 3];

    [Fact]
    public void Dispatch_plan_groups_rows_by_expert_in_token_order()
    {
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(Ids, 3, int.MaxValue);

        Assert.Equal([0, 4, 5, 7], offsets);
        Assert.Equal([5, 0, 1, 6, 4, 2, 3, -1], slotRow);
    }

    [Fact]
    public void Dispatch_plan_with_capacity_keeps_each_experts_earliest_tokens()
    {
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(Ids, 3, 2);

        Assert.Equal([0, 2, 3, 5], offsets);
        Assert.Equal([3, 0, 1, 4, 2, -1, -1, -1], slotRow);
    }

    [Fact]
    public void Permute_copies_each_kept_slot_to_its_row()
    {
        double[] x = [10, 11, 20, 21, 30, 31, 40, 41];
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(Ids, 3, 2);

        var xp = ReferenceOps.Permute(x, slotRow, offsets[^1], 2, 2);

        Assert.Equal([10, 11, 20, 21, 30, 31, 10, 11, 20, 21], xp);
    }

    [Theory]
    [InlineData(7, 5, 1)]
    [InlineData(33, 8, 2)]
    public void Unpermute_of_permute_with_one_expert_of_weight_one_is_the_identity(int tokens, int experts, int seed)
    {
        const int hidden = 6;
        var random = new Random(seed);
        var x = Enumerable.Range(0, tokens * hidden).Select(_ => random.NextDouble()).ToArray();
        var ids = Enumerable.Range(0, tokens).Select(_ => random.Next(experts)).ToArray();
        var weights = Enumerable.Repeat(1.0, tokens).ToArray();

        var (offsets, slotRow) = ReferenceOps.DispatchPlan(ids, experts, int.MaxValue);
        var xp = ReferenceOps.Permute(x, slotRow, offsets[^1], 1, hidden);
        var y = ReferenceOps.Unpermute(xp, slotRow, ids, weights, x, [], new CombineSpec(experts), tokens, 1, hidden);

        Assert.Equal(x, y);
    }

    [Fact]
    public void Unpermute_applies_zero_copy_and_constant_experts()
    {
        // FFN 0–1, zero 2, copy 3, const 4–5. Token 0: zero + copy; token 1: both constants; token 2: FFN 1 + copy.
        var combine = new CombineSpec(2, ZeroExperts: 1, CopyExperts: 1, ConstExperts: 2);
        int[] ids = [2, 3, 4, 5, 1, 3];
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(ids, combine.FfnExperts, int.MaxValue);
        double[] x = [1, 2, 3, 4, 5, 6];
        double[] constants = [10, 20, 30, 40];
        double[] yp = [7, 8];
        double[] weights = [0.5, 0.25, 0.1, 2, 3, 0.5];

        Assert.Equal([0, 0, 1], offsets);
        var y = ReferenceOps.Unpermute(yp, slotRow, ids, weights, x, constants, combine, 3, 2, 2);

        Assert.Equal([0.25, 0.5, 61, 82, 23.5, 27], y);
    }

    [Fact]
    public void Unpermute_adds_to_y0_and_drops_slots_past_capacity()
    {
        // Both tokens pick FFN expert 0 first; with capacity 1 token 1's row is dropped and contributes nothing.
        int[] ids = [0, 1, 0, 2];
        var (offsets, slotRow) = ReferenceOps.DispatchPlan(ids, 3, 1);
        double[] yp = [1, 1, 2, 2, 3, 3];

        Assert.Equal([0, 1, 2, 3], offsets);
        Assert.Equal([0, 1, -1, 2], slotRow);
        var y = ReferenceOps.Unpermute(yp, slotRow, ids, [1, 10, 100, 1000], [], [], new CombineSpec(3), 2, 2, 2, [5, 5, 5, 5]);

        Assert.Equal([26, 26, 3005, 3005], y);
    }
}
