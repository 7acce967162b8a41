using MoeBench.Core.Ops;
using MoeBench.Core.Quant;

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

    [Theory]
    [InlineData("bf16", 2.0 * 48 * 64)]
    [InlineData("int8", (48.0 * 64) + (4 * 64))]            // a byte per weight, an fp32 scale per column
    [InlineData("int4/g32", (48.0 * 64 / 2) + (4 * 64 * 2))] // half a byte per weight, ⌈48/32⌉ = 2 scale rows
    [InlineData("int4/g128", (48.0 * 64 / 2) + (4 * 64))]
    public void Quant_grouped_gemm_counts_the_bytes_the_format_stores_for_active_experts(string format, double weightBytesPerExpert)
    {
        const long n = 64, k = 48;

        var cost = CostModel.QuantGroupedGemm([3, 0, 2, 0, 0], n, k, Quant.QuantizedMatrixTests.Parse(format));

        Assert.Equal(2.0 * 5 * n * k, cost.Flops);
        Assert.Equal((4.0 * ((5 * k) + (5 * n))) + (2 * weightBytesPerExpert) + (4 * 6), cost.Bytes);
        Assert.Equal(format == "bf16" ? 0 : cost.Flops, cost.IntegerFlops); // int8/int4 products can be integer dot products
    }

    [Fact]
    public void Quant_grouped_gemm_counts_each_expert_at_its_own_width()
    {
        const long n = 16, k = 32;

        var cost = CostModel.QuantGroupedGemm([1, 1, 0], n, k, [WeightFormat.F32, WeightFormat.I8, WeightFormat.F32]);

        Assert.Equal((4.0 * ((2 * k) + (2 * n))) + (4 * k * n) + ((k * n) + (4 * n)) + (4 * 4), cost.Bytes);
        Assert.Equal(2.0 * k * n, cost.IntegerFlops); // the int8 expert's row only
        Assert.Equal(CostModel.GroupedGemm([1, 0, 0], n, k).Bytes - (4 * 4) - (4 * (k + n)), CostModel.QuantGroupedGemm([1, 0, 0], n, k, WeightFormat.F32).Bytes - (4 * 4) - (4 * (k + n)));
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

    [Fact]
    public void Attention_counts_every_causal_pair_once_and_reads_each_sequence_history_once()
    {
        // Decode: 2 sequences × 1 row at position 9 (10 keys each); 4 query heads over 2 KV heads of width 8.
        var decode = CostModel.Attention(sequences: 2, rows: 1, context: 10, heads: 4, kvHeads: 2, headDim: 8);
        Assert.Equal((4.0 * 20 * ((4 * 8) + 5)) + (3.0 * 2 * 6 * 8), decode.Flops);
        Assert.Equal(4.0 * ((2 * 8 * 8) + (2 * 4 * 8) + (2 * 10 * 32) + (2 * 32) + (2 * 8)), decode.Bytes);

        // Prefill of 3 rows on 2 cached positions: keys attended 3 + 4 + 5 = 12, the causal triangle plus the history.
        var prefill = CostModel.Attention(sequences: 1, rows: 3, context: 5, heads: 4, kvHeads: 2, headDim: 8);
        Assert.Equal((4.0 * 12 * ((4 * 8) + 5)) + (3.0 * 3 * 6 * 8), prefill.Flops);
    }
}
