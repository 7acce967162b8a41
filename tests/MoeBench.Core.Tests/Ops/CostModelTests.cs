using MoeBench.Core.Ops;

namespace MoeBench.Core.Tests.Ops;

public sealed class CostModelTests
{
    [Theory]
    [InlineData(1024, 1024, 1024)]
    [InlineData(1, 6 * 512 + 7, 4096)]
    [InlineData(33, 7, 103)]
    public void Gemm_counts_2mnk_flops_and_each_matrix_once(long m, long n, long k)
    {
        var cost = CostModel.Gemm(m, n, k);

        Assert.Equal(2.0 * m * n * k, cost.Flops);
        Assert.Equal(4.0 * ((m * k) + (k * n) + (m * n)), cost.Bytes);
    }

    [Fact]
    public void Accumulating_gemm_reads_c_as_well_as_writing_it()
    {
        var cost = CostModel.Gemm(8, 16, 32, accumulate: true);

        Assert.Equal(2.0 * 8 * 16 * 32, cost.Flops);
        Assert.Equal(4.0 * ((8 * 32) + (32 * 16) + (2 * 8 * 16)), cost.Bytes);
    }

    [Fact]
    public void Grouped_gemm_reads_only_the_active_experts_weights()
    {
        const long n = 64, k = 48;

        var cost = CostModel.GroupedGemm([3, 0, 2, 0, 0], n, k);

        Assert.Equal(2.0 * 5 * n * k, cost.Flops);
        // Rows in and out, two experts' weights, and the six group offsets.
        Assert.Equal((4.0 * ((5 * k) + (2 * k * n) + (5 * n))) + (4 * 6), cost.Bytes);
    }

    [Fact]
    public void Grouped_gemm_over_idle_experts_costs_no_weights()
    {
        var idle = CostModel.GroupedGemm([0, 0, 0, 0], 64, 48);
        var oneRow = CostModel.GroupedGemm([0, 1, 0, 0], 64, 48);

        Assert.Equal(0.0, idle.Flops);
        Assert.Equal(4.0 * 5, idle.Bytes);
        Assert.Equal(4.0 * ((48 + (48 * 64) + 64) + 5), oneRow.Bytes);
    }

    [Fact]
    public void Grouped_gemm_with_one_group_matches_gemm_plus_offsets()
    {
        var grouped = CostModel.GroupedGemm([33], 7, 103);
        var plain = CostModel.Gemm(33, 7, 103);

        Assert.Equal(plain.Flops, grouped.Flops);
        Assert.Equal(plain.Bytes + (4 * 2), grouped.Bytes);
    }

    [Fact]
    public void Costs_add_and_give_arithmetic_intensity()
    {
        var sum = new OpCost(10, 4) + new OpCost(20, 6);

        Assert.Equal(new OpCost(30, 10), sum);
        Assert.Equal(3.0, sum.ArithmeticIntensity);
        Assert.Equal(double.PositiveInfinity, new OpCost(1, 0).ArithmeticIntensity);
    }

    [Fact]
    public void Elementwise_ops_move_their_inputs_and_outputs_once()
    {
        Assert.Equal(new OpCost(5.0 * 7 * 33, 4.0 * 3 * 7 * 33), CostModel.Swiglu(7, 33));
        Assert.Equal(new OpCost(4.0 * 7 * 33, 4.0 * ((2 * 7 * 33) + 33)), CostModel.RmsNorm(7, 33));
        Assert.Equal(new OpCost(0, (4.0 * ((7 * 33) + (12 * 33))) + (4 * 7 * 2 * 2)), CostModel.Permute(7, 33, 2, 12));
    }
}
