using MoeBench.Core.Routing;

namespace MoeBench.Core.Tests.Routing;

public sealed class LoadDistributionTests
{
    [Theory]
    [InlineData("uniform")]
    [InlineData("zipf:0.8")]
    [InlineData("zipf:1.5")]
    [InlineData("zipf:1")]
    [InlineData("zipf:0.30000000000000004")]
    [InlineData("hot:1")]
    [InlineData("hot:12")]
    public void Parse_round_trips_its_canonical_text(string text)
    {
        var d = LoadDistribution.Parse(text);

        Assert.Equal(text, d.Text);
        Assert.Equal(d, LoadDistribution.Parse(d.Text));
    }

    [Theory]
    [InlineData("zipf:1.0", "zipf:1")]
    [InlineData("zipf:1.50", "zipf:1.5")]
    public void Parse_normalises_equivalent_spellings(string text, string canonical)
    {
        Assert.Equal(canonical, LoadDistribution.Parse(text).Text);
    }

    [Theory]
    [InlineData("zipf:0")]
    [InlineData("zipf:-1")]
    [InlineData("zipf:x")]
    [InlineData("zipf:NaN")]
    [InlineData("zipf:Infinity")]
    [InlineData("zipf")]
    [InlineData("zipf:")]
    [InlineData("hot:0")]
    [InlineData("hot:-1")]
    [InlineData("hot:1.5")]
    [InlineData("hot")]
    [InlineData("uniform:2")]
    [InlineData("Uniform")]
    [InlineData("foo")]
    [InlineData("")]
    public void Parse_rejects_malformed_text_naming_it(string text)
    {
        Assert.False(LoadDistribution.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);

        var thrown = Assert.Throws<FormatException>(() => LoadDistribution.Parse(text));
        Assert.Equal(error, thrown.Message);
    }

    [Theory]
    [InlineData("uniform", 33, 64, 8, 1)]
    [InlineData("uniform", 7, 8, 8, 2)]
    [InlineData("zipf:1.2", 33, 60, 4, 3)]
    [InlineData("zipf:3", 100, 16, 8, 4)]
    [InlineData("hot:1", 33, 8, 2, 5)]
    [InlineData("hot:8", 33, 64, 8, 6)]
    [InlineData("hot:12", 33, 64, 8, 7)]
    [InlineData("hot:3", 33, 256, 8, 8)]
    public void Each_token_gets_k_distinct_experts_in_range(string text, int tokens, int experts, int topK, int seed)
    {
        var a = LoadDistribution.Parse(text).Sample(tokens, experts, topK, new Random(seed));

        Assert.Equal(tokens * topK, a.Length);
        for (var t = 0; t < tokens; t++)
        {
            var row = a.AsSpan(t * topK, topK).ToArray();
            Assert.True(row.All(e => e >= 0 && e < experts), $"{text} seed {seed} token {t}: [{string.Join(',', row)}]");
            Assert.True(row.Distinct().Count() == topK, $"{text} seed {seed} token {t}: repeated expert in [{string.Join(',', row)}]");
        }
    }

    [Theory]
    [InlineData(11)]
    public void Uniform_load_is_balanced_over_many_tokens(int seed)
    {
        var a = new UniformLoad().Sample(20_000, 64, 8, new Random(seed));

        var load = LoadImbalance.From(a, 64);

        Assert.True(load.MaxOverMean < 1.1, $"seed {seed}: max/mean {load.MaxOverMean}");
        Assert.Equal(20_000 * 8, load.TokensPerExpert.Sum());
    }

    [Theory]
    [InlineData(21, 8)]
    [InlineData(22, 1)]
    public void Zipf_skew_grows_with_alpha(int seed, int topK)
    {
        double MaxOverMean(LoadDistribution d) => LoadImbalance.From(d.Sample(4_000, 64, topK, new Random(seed)), 64).MaxOverMean;

        var uniform = MaxOverMean(new UniformLoad());
        var mild = MaxOverMean(new ZipfLoad(0.8));
        var steep = MaxOverMean(new ZipfLoad(1.5));

        Assert.True(steep > mild && mild > uniform, $"seed {seed} k {topK}: uniform {uniform}, zipf:0.8 {mild}, zipf:1.5 {steep}");
    }

    [Theory]
    [InlineData(31, 1.0)]
    [InlineData(32, 0.5)]
    [InlineData(33, 1.5)]
    public void Zipf_top1_frequencies_follow_inverse_rank_power(int seed, double alpha)
    {
        const int experts = 16;
        const int tokens = 400_000;
        var a = new ZipfLoad(alpha).Sample(tokens, experts, 1, new Random(seed));

        var observed = LoadImbalance.From(a, experts).TokensPerExpert.Select(c => (double)c / tokens)
            .OrderDescending().ToArray();
        var weights = Enumerable.Range(1, experts).Select(r => 1 / Math.Pow(r, alpha)).ToArray();
        var total = weights.Sum();

        for (var r = 0; r < experts; r++)
        {
            var expected = weights[r] / total;
            Assert.True(
                Math.Abs(observed[r] - expected) < 0.05 * expected,
                $"seed {seed} alpha {alpha} rank {r + 1}: observed {observed[r]:F5}, expected {expected:F5}");
        }
    }

    [Fact]
    public void Zipf_hottest_expert_depends_on_the_seed()
    {
        var hottest = Enumerable.Range(1, 10).Select(seed =>
        {
            var counts = LoadImbalance.From(new ZipfLoad(1.5).Sample(2_000, 32, 1, new Random(seed)), 32).TokensPerExpert;
            return counts.ToList().IndexOf(counts.Max());
        }).Distinct().Count();

        Assert.True(hottest > 1, "seeds 1..10 all made the same expert hottest");
    }

    [Theory]
    [InlineData(1, 8, 41)]
    [InlineData(3, 8, 42)]
    [InlineData(8, 8, 43)]
    [InlineData(2, 2, 44)]
    public void Hot_experts_at_most_k_are_in_every_token(int hot, int topK, int seed)
    {
        const int tokens = 500;
        var a = new HotLoad(hot).Sample(tokens, 64, topK, new Random(seed));

        var common = new HashSet<int>(a.AsSpan(0, topK).ToArray());
        for (var t = 1; t < tokens; t++)
        {
            common.IntersectWith(a.AsSpan(t * topK, topK).ToArray());
        }

        Assert.True(common.Count == hot, $"seed {seed}: {common.Count} experts common to every token, expected {hot}");
        for (var t = 0; t < tokens; t++)
        {
            Assert.True(
                common.SetEquals(a.AsSpan(t * topK, hot).ToArray()),
                $"seed {seed} token {t}: the first {hot} slots are not the hot set");
        }

        // The remaining k − H slots spread over the cold experts rather than sticking to a few.
        if (hot < topK)
        {
            var cold = a.Where(e => !common.Contains(e)).Distinct().Count();
            Assert.True(cold == 64 - hot, $"seed {seed}: only {cold} cold experts ever chosen");
        }
    }

    [Theory]
    [InlineData(12, 8, 51)]
    [InlineData(3, 1, 52)]
    [InlineData(5, 4, 53)]
    public void Hot_experts_beyond_k_confine_every_token_to_the_hot_set(int hot, int topK, int seed)
    {
        const int tokens = 500;
        var a = new HotLoad(hot).Sample(tokens, 64, topK, new Random(seed));

        var used = a.Distinct().Count();

        Assert.True(used == hot, $"seed {seed}: tokens used {used} experts, expected the {hot} hot ones");
    }

    [Fact]
    public void Hot_set_larger_than_the_model_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new HotLoad(9).Sample(4, 8, 2, new Random(1)));

        Assert.Contains("hot:9", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("zipf:1.2")]
    [InlineData("hot:2")]
    [InlineData("hot:20")]
    public void Same_seed_gives_the_same_assignment_and_another_seed_another(string text)
    {
        var d = LoadDistribution.Parse(text);

        var a = d.Sample(64, 64, 8, new Random(7));
        var b = d.Sample(64, 64, 8, new Random(7));
        var c = d.Sample(64, 64, 8, new Random(8));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
