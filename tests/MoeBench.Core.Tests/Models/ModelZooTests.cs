using MoeBench.Core.Models;

namespace MoeBench.Core.Tests.Models;

public sealed class ModelZooTests
{
    /// <summary>Every row of shared/reference/models.md, figure for figure.</summary>
    public static TheoryData<string, int[]> ReferenceTable => new()
    {
        // id: hidden, moe ffn, routed experts, top-k, shared experts, shared ffn, layers, moe layers, heads, kv heads, vocab
        { "mixtral-8x7b", [4096, 14336, 8, 2, 0, 0, 32, 32, 32, 8, 32000] },
        { "mixtral-8x22b", [6144, 16384, 8, 2, 0, 0, 56, 56, 48, 8, 32768] },
        // Two shared experts of 1408 fused into one MLP of 2816; MLA: the zoo records KV heads = heads.
        { "deepseek-v2-lite", [2048, 1408, 64, 6, 2, 2816, 27, 26, 16, 16, 102400] },
        { "deepseek-v3", [7168, 2048, 256, 8, 1, 2048, 61, 58, 128, 128, 129280] },
        { "qwen1.5-moe-a2.7b", [2048, 1408, 60, 4, 1, 5632, 24, 24, 16, 16, 151936] },
        { "qwen3-30b-a3b", [2048, 768, 128, 8, 0, 0, 48, 48, 32, 4, 151936] },
        { "olmoe-1b-7b", [2048, 1024, 64, 8, 0, 0, 16, 16, 16, 16, 50304] },
        { "gpt-oss-20b", [2880, 2880, 32, 4, 0, 0, 24, 24, 64, 8, 201088] },
        { "gpt-oss-120b", [2880, 2880, 128, 4, 0, 0, 36, 36, 64, 8, 201088] },
        { "dbrx", [6144, 10752, 16, 4, 0, 0, 40, 40, 48, 8, 100352] },
        // 12 encoder + 12 decoder layers, every other one MoE.
        { "switch-base-8", [768, 3072, 8, 1, 0, 0, 24, 12, 12, 12, 32128] },
    };

    [Theory]
    [MemberData(nameof(ReferenceTable))]
    public void Zoo_row_matches_the_reference_table(string id, int[] figures)
    {
        var m = ModelZoo.Get(id);

        int[] actual =
        [
            m.Hidden, m.ExpertFfn, m.Experts, m.TopK, m.SharedExperts, m.SharedFfn,
            m.Layers, m.MoeLayers, m.Heads, m.KvHeads, m.Vocab,
        ];
        Assert.Equal(figures, actual);
        Assert.Equal(id, m.Id);
        Assert.Equal(1, m.Scale);
    }

    [Fact]
    public void Zoo_holds_exactly_the_reference_table_models()
    {
        var expected = ReferenceTable.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(expected, ModelZoo.All.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("mixtral-8x7b", RoutingScore.Softmax, true, 1.0, 1, 1)]
    [InlineData("mixtral-8x22b", RoutingScore.Softmax, true, 1.0, 1, 1)]
    [InlineData("deepseek-v2-lite", RoutingScore.Softmax, false, 1.0, 1, 1)]
    [InlineData("deepseek-v3", RoutingScore.Sigmoid, true, 2.5, 8, 4)]
    [InlineData("qwen1.5-moe-a2.7b", RoutingScore.Softmax, false, 1.0, 1, 1)]
    [InlineData("qwen3-30b-a3b", RoutingScore.Softmax, true, 1.0, 1, 1)]
    [InlineData("olmoe-1b-7b", RoutingScore.Softmax, false, 1.0, 1, 1)]
    [InlineData("switch-base-8", RoutingScore.Softmax, false, 1.0, 1, 1)]
    public void Zoo_routing_follows_the_reference_notes(
        string id, RoutingScore score, bool renormalize, double routedScale, int groups, int topKGroups)
    {
        var m = ModelZoo.Get(id);

        Assert.Equal(score, m.Score);
        Assert.Equal(renormalize, m.Renormalize);
        Assert.Equal(routedScale, m.RoutedScale);
        Assert.Equal(groups, m.Groups);
        Assert.Equal(topKGroups, m.TopKGroups);
    }

    [Fact]
    public void Scaled_mixtral_divides_widths_and_keeps_routing()
    {
        var full = ModelZoo.Get("mixtral-8x7b");

        var m = ModelZoo.Get("mixtral-8x7b@1/8");

        Assert.Equal("mixtral-8x7b@1/8", m.Id);
        Assert.Equal(512, m.Hidden);
        Assert.Equal(1792, m.ExpertFfn);
        Assert.Equal(8, m.Experts);
        Assert.Equal(2, m.TopK);
        Assert.Equal(8, m.Scale);
        Assert.Equal(full with { Id = m.Id, Hidden = 512, ExpertFfn = 1792, Scale = 8 }, m);
    }

    [Fact]
    public void Scaled_model_divides_the_shared_expert_width_too()
    {
        var m = ModelZoo.Get("qwen1.5-moe-a2.7b@1/16");

        Assert.Equal(128, m.Hidden);
        Assert.Equal(88, m.ExpertFfn);
        Assert.Equal(352, m.SharedFfn);
        Assert.Equal(60, m.Experts);
        Assert.Equal(4, m.TopK);
        Assert.Equal(1, m.SharedExperts);
    }

    [Fact]
    public void Scaled_parameters_shrink_by_the_square_of_the_scale()
    {
        var full = ModelZoo.Get("olmoe-1b-7b");

        var scaled = ModelZoo.Get("olmoe-1b-7b@1/4");

        Assert.Equal(3L * 2048 * 1024, full.ExpertParameters);
        Assert.Equal(full.ExpertParameters / 16, scaled.ExpertParameters);
    }

    [Theory]
    [InlineData("mixtral-8x7b@1/0", "bad scale '1/0'")]
    [InlineData("mixtral-8x7b@2/3", "bad scale '2/3'")]
    [InlineData("mixtral-8x7b@1/-2", "bad scale '1/-2'")]
    [InlineData("mixtral-8x7b@1/x", "bad scale '1/x'")]
    [InlineData("mixtral-8x7b@", "bad scale ''")]
    [InlineData("mixtral-8x7b@1/3", "hidden 4096 is not divisible by 3")]
    [InlineData("qwen1.5-moe-a2.7b@1/256", "expert ffn 1408 is not divisible by 256")]
    [InlineData("mixtral-8x7b@1/8192", "hidden 4096 is not divisible by 8192")]
    public void Bad_scale_is_an_error_naming_the_problem(string id, string problem)
    {
        Assert.False(ModelZoo.TryGet(id, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);

        var thrown = Assert.Throws<ArgumentException>(() => ModelZoo.Get(id));
        Assert.Contains(problem, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_error_lists_every_known_id()
    {
        Assert.False(ModelZoo.TryGet("llama-moe@1/2", out _, out var error));

        Assert.Contains("unknown model 'llama-moe'", error, StringComparison.Ordinal);
        foreach (var m in ModelZoo.All)
        {
            Assert.Contains(m.Id, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("mixtral-8x7b@1/08", "mixtral-8x7b@1/8")]
    [InlineData("dbrx@1/1", "dbrx")]
    [InlineData("olmoe-1b-7b@1/4", "olmoe-1b-7b@1/4")]
    public void Accepted_ids_resolve_to_the_models_canonical_id(string id, string canonical)
    {
        Assert.True(ModelZoo.TryGet(id, out var m, out _), $"'{id}' was rejected");

        Assert.Equal(canonical, m.Id);
    }

    [Fact]
    public void Scaling_by_one_is_the_model_itself()
    {
        Assert.Same(ModelZoo.Get("dbrx"), ModelZoo.Get("dbrx").ScaledBy(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelZoo.Get("dbrx").ScaledBy(0));
    }

    [Fact]
    public void Attention_heads_narrow_with_the_scale_and_the_context_stays()
    {
        // models.md: Mixtral 32 / 8 heads over hidden 4096 (head dim 128); Qwen3-30B-A3B sets head dim 128 apart from 2048 / 32.
        Assert.Equal(128, ModelZoo.Get("mixtral-8x7b").AttentionHeadDim);
        Assert.Equal(16, ModelZoo.Get("mixtral-8x7b@1/8").AttentionHeadDim);
        Assert.Equal(128, ModelZoo.Get("qwen3-30b-a3b").AttentionHeadDim);
        Assert.Equal(32, ModelZoo.Get("qwen3-30b-a3b@1/4").AttentionHeadDim);
        Assert.Equal(ModelZoo.Get("olmoe-1b-7b").ContextTokens, ModelZoo.Get("olmoe-1b-7b@1/4").ContextTokens);
        Assert.All(ModelZoo.All, m => Assert.True(m.ContextTokens > 0 && m.AttentionHeadDim % 2 == 0, m.Id));
    }
}
