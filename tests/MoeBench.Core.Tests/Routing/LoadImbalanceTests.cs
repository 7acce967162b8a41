using MoeBench.Core.Routing;

namespace MoeBench.Core.Tests.Routing;

public sealed class LoadImbalanceTests
{
    // Four tokens, top-2, five experts: loads 4, 2, 1, 1, 0.
    private static readonly int[] Assignment = [0, 1, 0, 2, 0, 1, 3, 0];

    [Fact]
    public void Hand_made_assignment_gives_exact_counts_and_ratios()
    {
        var load = LoadImbalance.From(Assignment, 5);

        Assert.Equal([4, 2, 1, 1, 0], load.TokensPerExpert);
        Assert.Equal(4 / 1.6, load.MaxOverMean, 12);
        // Population variance: (2.4² + 0.4² + 0.6² + 0.6² + 1.6²) / 5 = 1.84.
        Assert.Equal(Math.Sqrt(1.84) / 1.6, load.CoefficientOfVariation, 12);
        Assert.Equal(0, load.DroppedTokens);
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public void Capacity_drops_every_row_past_it(int capacity, int dropped)
    {
        var load = LoadImbalance.From(Assignment, 5, capacity);

        Assert.Equal(dropped, load.DroppedTokens);
        Assert.Equal([4, 2, 1, 1, 0], load.TokensPerExpert);
    }

    [Fact]
    public void Ids_outside_the_ffn_experts_are_ignored()
    {
        // 5 and 6 are zero-computation experts; −1 is a dropped slot.
        var load = LoadImbalance.From([0, 5, 1, 6, -1, 1], 2);

        Assert.Equal([1, 2], load.TokensPerExpert);
        Assert.Equal(2 / 1.5, load.MaxOverMean, 12);
    }

    [Fact]
    public void Perfect_balance_is_one_and_zero_variation()
    {
        var load = LoadImbalance.From([0, 1, 2, 3, 3, 2, 1, 0], 4);

        Assert.Equal(1.0, load.MaxOverMean);
        Assert.Equal(0.0, load.CoefficientOfVariation);
    }

    [Fact]
    public void Empty_assignment_reports_zero_not_nan()
    {
        var load = LoadImbalance.From([], 8);

        Assert.Equal(0.0, load.MaxOverMean);
        Assert.Equal(0.0, load.CoefficientOfVariation);
        Assert.Equal(0, load.DroppedTokens);
    }
}
