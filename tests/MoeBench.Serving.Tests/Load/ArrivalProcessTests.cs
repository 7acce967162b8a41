using MoeBench.Serving.Load;

namespace MoeBench.Serving.Tests.Load;

public sealed class ArrivalProcessTests
{
    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var process = new GammaArrivals(4, 0.5);

        Assert.Equal(process.Arrivals(100, new Random(7)), process.Arrivals(100, new Random(7)));
        Assert.NotEqual(process.Arrivals(100, new Random(7)), process.Arrivals(100, new Random(8)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    [InlineData(4.0)]
    public void Gamma_gaps_keep_the_mean_rate_and_have_the_squared_coefficient_of_variation_one_over_k(double burstiness)
    {
        const double Rate = 5;
        var arrivals = new GammaArrivals(Rate, burstiness).Arrivals(40_000, new Random(11));
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).Prepend(arrivals[0]).ToArray();
        var mean = gaps.Average();
        var cv2 = gaps.Select(g => (g - mean) * (g - mean)).Average() / (mean * mean);

        Assert.InRange(1 / mean, Rate * 0.97, Rate * 1.03);
        Assert.InRange(cv2, 0.93 / burstiness, 1.07 / burstiness);
        Assert.All(gaps, g => Assert.True(g >= 0)); // k < 1 draws gaps below a double's resolution of t
    }

    [Fact]
    public void Offline_issues_every_query_at_time_zero()
    {
        Assert.All(new OfflineArrivals().Arrivals(5, new Random(1)), t => Assert.Equal(0, t));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(1.0, 0.0)]
    public void A_rate_or_burstiness_of_zero_or_less_is_refused(double rate, double burstiness)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaArrivals(rate, burstiness));
    }
}
