using MoeBench.Core.Inputs;
using MoeBench.Core.Quant;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Tests.Quant;

public sealed class LayerPrecisionTests
{
    [Fact]
    public void Hot_experts_are_the_most_popular_ties_to_the_lower_id()
    {
        var plan = LayerPrecision.Plan(WeightFormat.I4(32), WeightFormat.F32, 3, [0.1, 0.5, 0.2, 0.5, 0.05, 0.2]);

        Assert.Equal(
            [WeightFormat.I4(32), WeightFormat.F32, WeightFormat.F32, WeightFormat.F32, WeightFormat.I4(32), WeightFormat.I4(32)],
            plan.Experts);
        Assert.Equal(WeightFormat.F32, plan.Shared);
    }

    [Fact]
    public void More_hot_experts_than_experts_is_an_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerPrecision.Plan(WeightFormat.I8, WeightFormat.F32, 3, [1.0, 1.0]));

    [Theory]
    [InlineData("zipf:1.2")]
    [InlineData("hot:2")]
    public void Popularity_names_the_experts_the_same_seeded_sample_favours(string routing)
    {
        var distribution = LoadDistribution.Parse(routing);
        const int experts = 16, tokens = 4000;
        var popularity = distribution.Popularity(experts, SeededInputs.For(11, "routing"));
        var sample = distribution.Sample(tokens, experts, 2, SeededInputs.For(11, "routing"));
        var counts = new int[experts];
        foreach (var e in sample)
        {
            counts[e]++;
        }

        var mostPopular = Array.IndexOf(popularity, popularity.Max());
        Assert.Equal(counts.Max(), counts[mostPopular]);
    }
}
