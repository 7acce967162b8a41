using MoeBench.Serving.Load;

namespace MoeBench.Serving.Tests.Load;

public sealed class LengthDistributionTests
{
    [Fact]
    public void Fixed_and_uniform_draw_within_their_bounds_and_say_their_maximum()
    {
        var random = new Random(3);
        var uniform = LengthDistribution.Parse("uniform:4:9");
        var draws = Enumerable.Range(0, 2000).Select(_ => uniform.Sample(random)).ToList();

        Assert.Equal(128, LengthDistribution.Parse("fixed:128").Sample(random));
        Assert.Equal(Enumerable.Range(4, 6), draws.Distinct().Order());
        Assert.Equal(9, uniform.Max);
    }

    [Fact]
    public void Lognormal_draws_have_the_given_median_and_no_maximum()
    {
        var lognormal = LengthDistribution.Parse("lognormal:200:0.5");
        var random = new Random(5);
        var draws = Enumerable.Range(0, 20_001).Select(_ => lognormal.Sample(random)).Order().ToList();

        Assert.InRange(draws[10_000], 194, 206);
        Assert.Null(lognormal.Max);
    }

    [Theory]
    [InlineData("fixed:0")]
    [InlineData("fixed:1.5")]
    [InlineData("uniform:9:4")]
    [InlineData("lognormal:100")]
    [InlineData("zipf:3")]
    [InlineData("")]
    public void Malformed_distributions_are_refused_with_the_forms_that_are_accepted(string text)
    {
        Assert.False(LengthDistribution.TryParse(text, out _, out var error));
        Assert.Contains("expected fixed:N, uniform:MIN:MAX", error, StringComparison.Ordinal);
    }
}
