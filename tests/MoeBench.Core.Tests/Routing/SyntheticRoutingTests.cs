using MoeBench.Core.Inputs;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Core.Tests.Routing;

public sealed class SyntheticRoutingTests
{
    [Theory]
    [InlineData(RoutingScore.Softmax, 2.0f)]
    [InlineData(RoutingScore.Sigmoid, 1.0f)]
    public void Bias_ranks_the_chosen_experts_by_steps_and_leaves_others_at_zero(RoutingScore score, float step)
    {
        // Two tokens, five experts, top-2.
        var bias = SyntheticRouting.LogitBias([3, 0, 1, 4], 2, 5, 2, score);

        float[] expected =
        [
            3 * step, 0, 0, 4 * step, 0,
            0, 4 * step, 0, 0, 3 * step,
        ];
        Assert.Equal(expected, bias);
    }

    [Theory]
    [InlineData("olmoe-1b-7b@1/16", "uniform", 1)]
    [InlineData("olmoe-1b-7b@1/16", "zipf:1.5", 2)]
    [InlineData("qwen3-30b-a3b@1/16", "hot:3", 3)]
    [InlineData("mixtral-8x7b@1/32", "uniform", 4)]
    [InlineData("switch-base-8@1/8", "zipf:1.2", 5)]
    public void Softmax_reference_gate_picks_the_sampled_assignment_in_rank_order(string id, string routing, int seed)
    {
        var m = ModelZoo.Get(id);
        var (ids, weights) = GateOnSampledRouting(m, routing, seed, out var assignment);

        Assert.True(assignment.SequenceEqual(ids), $"{id} {routing} seed {seed}: gate ids differ from the sampled assignment");
        AssertWeightSums(m, weights, seed);
    }

    [Theory]
    [InlineData("uniform", 6)]
    [InlineData("zipf:1.5", 7)]
    [InlineData("hot:3", 8)]
    public void Sigmoid_reference_gate_without_groups_picks_the_sampled_experts(string routing, int seed)
    {
        var m = ModelZoo.Get("deepseek-v3@1/8") with { Groups = 1, TopKGroups = 1 };
        var (ids, weights) = GateOnSampledRouting(m, routing, seed, out var assignment);

        for (var t = 0; t < ids.Length / m.TopK; t++)
        {
            var chosen = ids.AsSpan(t * m.TopK, m.TopK).ToArray().Order();
            var sampled = assignment.AsSpan(t * m.TopK, m.TopK).ToArray().Order();
            Assert.True(chosen.SequenceEqual(sampled), $"{routing} seed {seed} token {t}: gate chose other experts than sampled");
        }

        AssertWeightSums(m, weights, seed);
    }

    [Theory]
    [InlineData("uniform", 6)]
    [InlineData("zipf:1.5", 7)]
    [InlineData("hot:3", 8)]
    public void Sigmoid_reference_gate_without_groups_keeps_the_sampled_rank_order(string routing, int seed)
    {
        var m = ModelZoo.Get("deepseek-v3@1/8") with { Groups = 1, TopKGroups = 1 };
        var (ids, _) = GateOnSampledRouting(m, routing, seed, out var assignment);

        var swapped = Enumerable.Range(0, ids.Length / m.TopK)
            .Count(t => !ids.AsSpan(t * m.TopK, m.TopK).SequenceEqual(assignment.AsSpan(t * m.TopK, m.TopK)));
        Assert.True(swapped == 0, $"{routing} seed {seed}: {swapped} of {ids.Length / m.TopK} tokens' experts out of sampled rank order");
    }

    [Theory]
    [InlineData("uniform", 9)]
    [InlineData("hot:2", 10)]
    public void Group_limited_gate_keeps_the_sampled_experts_of_its_kept_groups(string routing, int seed)
    {
        var m = ModelZoo.Get("deepseek-v3@1/8");
        var (ids, weights) = GateOnSampledRouting(m, routing, seed, out var assignment);

        var size = m.Experts / m.Groups;
        for (var t = 0; t < ids.Length / m.TopK; t++)
        {
            var chosen = ids.AsSpan(t * m.TopK, m.TopK).ToArray();
            var groups = chosen.Select(e => e / size).Distinct().ToArray();
            Assert.True(groups.Length <= m.TopKGroups, $"{routing} seed {seed} token {t}: experts from {groups.Length} groups");
            var keptSampled = assignment.AsSpan(t * m.TopK, m.TopK).ToArray().Where(e => groups.Contains(e / size));
            Assert.True(keptSampled.All(chosen.Contains), $"{routing} seed {seed} token {t}: a sampled expert of a kept group lost");
        }

        AssertWeightSums(m, weights, seed);
    }

    private static (int[] Ids, double[] Weights) GateOnSampledRouting(ModelConfig m, string routing, int seed, out int[] assignment)
    {
        const int tokens = 33;
        assignment = LoadDistribution.Parse(routing).Sample(tokens, m.Experts, m.TopK, SeededInputs.For(seed, "routing"));
        var bias = SyntheticRouting.LogitBias(assignment, tokens, m.Experts, m.TopK, m.Score);
        var router = SeededInputs.Normal(SeededInputs.For(seed, "router"), m.Hidden * m.Experts, SyntheticRouting.RouterWeightScale(m.Hidden));
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * m.Hidden);
        return ReferenceOps.Gate(Widen.ToDouble(x), Widen.ToDouble(router), Widen.ToDouble(bias), GateSpec.For(m), tokens, m.Hidden);
    }

    private static void AssertWeightSums(ModelConfig m, double[] weights, int seed)
    {
        for (var t = 0; t < weights.Length / m.TopK; t++)
        {
            var row = weights.AsSpan(t * m.TopK, m.TopK).ToArray();
            Assert.True(row.All(w => w > 0), $"{m.Id} seed {seed} token {t}: non-positive weight");
            var sum = row.Sum();
            if (m.Renormalize)
            {
                Assert.True(Math.Abs(sum - m.RoutedScale) < 1e-12, $"{m.Id} seed {seed} token {t}: weights sum to {sum}, expected {m.RoutedScale}");
            }
            else
            {
                Assert.True(sum < m.RoutedScale, $"{m.Id} seed {seed} token {t}: unnormalised weights sum to {sum}");
            }

            for (var r = 1; r < m.TopK; r++)
            {
                Assert.True(row[r] <= row[r - 1], $"{m.Id} seed {seed} token {t}: weights not in rank order");
            }
        }
    }
}
