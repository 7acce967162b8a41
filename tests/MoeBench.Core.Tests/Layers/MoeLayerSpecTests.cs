using MoeBench.Core.Layers;
using MoeBench.Core.Models;

namespace MoeBench.Core.Tests.Layers;

public sealed class MoeLayerSpecTests
{
    [Theory]
    [InlineData(33, 1.0, 9)]
    [InlineData(32, 1.0, 8)]
    [InlineData(128, 1.25, 40)]
    [InlineData(1, 1.0, 1)]
    [InlineData(7, 0.5, 1)]
    [InlineData(7, 2.0, 4)]
    public void Capacity_is_the_ceiling_of_factor_times_the_even_share(int tokens, double factor, int capacity)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), tokens, factor);

        Assert.Equal(capacity, spec.Capacity);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Capacity_factor_of_zero_or_less_is_dropless(double factor)
    {
        Assert.Equal(int.MaxValue, new MoeLayerSpec(ModelZoo.Get("olmoe-1b-7b"), 512, factor).Capacity);
    }

    [Fact]
    public void Zero_computation_experts_widen_the_router_and_lift_group_limits()
    {
        var plain = new MoeLayerSpec(ModelZoo.Get("deepseek-v3@1/32"), 7);
        var spec = new MoeLayerSpec(ModelZoo.Get("deepseek-v3@1/32"), 7, ZeroExperts: 1, CopyExperts: 2, ConstExperts: 3);

        Assert.Equal(8, plain.Gate.Groups);
        Assert.Equal(4, plain.Gate.TopKGroups);
        Assert.Equal(262, spec.RouterExperts);
        Assert.Equal(262, spec.Gate.Experts);
        Assert.Equal(1, spec.Gate.Groups);
        Assert.Equal(257, spec.Combine.FirstCopy);
        Assert.Equal(259, spec.Combine.FirstConst);
        Assert.Equal(2.5, spec.Gate.RoutedScale);
        Assert.True(spec.Gate.Renormalize);
    }
}
