using MoeBench.Core.Inputs;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Reference;

namespace MoeBench.Devices.Tests.Cpu;

[Collection(SharedCpuDevice.Name)]
public sealed class GateKernelTests(CpuDeviceFixture fixture)
{
    [Theory]
    // tokens, hidden, experts, top-k, score, renormalise, routed scale, groups, top-k groups, logit bias, seed
    [InlineData(1, 7, 12, 2, RoutingScore.Softmax, true, 1.0, 1, 1, false, 1)]
    [InlineData(7, 33, 64, 8, RoutingScore.Softmax, false, 1.0, 1, 1, true, 2)]
    [InlineData(33, 6 * 16 + 7, 60, 4, RoutingScore.Softmax, true, 1.0, 1, 1, false, 3)]
    [InlineData(33, 7, 8, 1, RoutingScore.Softmax, false, 1.0, 1, 1, true, 4)]
    [InlineData(33, 33, 36, 6, RoutingScore.Sigmoid, true, 2.5, 4, 2, true, 5)]
    [InlineData(7, 6 * 16 + 7, 256, 8, RoutingScore.Sigmoid, true, 2.5, 8, 4, false, 6)]
    [InlineData(1, 7, 36, 3, RoutingScore.Sigmoid, false, 1.0, 4, 2, false, 7)]
    [InlineData(33, 17, 20, 5, RoutingScore.Sigmoid, false, 1.5, 1, 1, true, 8)]
    // Large enough (> 128 KiB touched) for CpuRows to split the rows over threads.
    [InlineData(257, 33, 64, 8, RoutingScore.Softmax, true, 1.0, 1, 1, true, 9)]
    [InlineData(129, 6 * 16 + 7, 256, 8, RoutingScore.Sigmoid, true, 2.5, 8, 4, true, 10)]
    public void Gate_matches_the_float64_reference(
        int tokens, int hidden, int experts, int topK, RoutingScore score, bool renormalize, double routedScale,
        int groups, int topKGroups, bool withBias, int seed)
    {
        var spec = new GateSpec(experts, topK, score, renormalize, routedScale, groups, topKGroups);
        var context = $"seed {seed}, {tokens}×{hidden} → {experts} top-{topK} {score}";
        // Logits of unit scale: far enough apart that fp32 and fp64 rank them alike, close enough to mix weights.
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * hidden);
        var router = SeededInputs.Normal(SeededInputs.For(seed, "router"), hidden * experts, 1 / MathF.Sqrt(hidden));
        var bias = withBias ? SeededInputs.Normal(SeededInputs.For(seed, "bias"), tokens * experts) : null;
        using var d = new DeviceTensors(fixture.Device);
        var ids = d.Allocate<int>(tokens * topK);
        var weights = d.Allocate<float>(tokens * topK);

        d.Kernels.Gate(d.Upload(x), d.Weights(router, 1, hidden, experts), bias is null ? null : d.Upload(bias), spec, tokens, ids, weights);

        var (refIds, refWeights) = ReferenceOps.Gate(
            Widen.ToDouble(x), Widen.ToDouble(router), bias is null ? default : Widen.ToDouble(bias), spec, tokens, hidden);
        TensorAssert.Exact(d.Read(ids), refIds, $"{context}, expert ids");
        TensorAssert.Close(d.Read(weights), refWeights, context);
    }

    [Theory]
    [InlineData(RoutingScore.Softmax, 13)]
    [InlineData(RoutingScore.Sigmoid, 14)]
    public void Tied_scores_rank_the_lower_expert_id_first_as_the_reference_does(RoutingScore score, int seed)
    {
        // A zero router and a bias of three distinct values: every token has many exact ties, also across the k-th place.
        const int Tokens = 33, Hidden = 7, Experts = 64, TopK = 8;
        var spec = new GateSpec(Experts, TopK, score, Renormalize: true);
        var random = SeededInputs.For(seed, "ties");
        var bias = Enumerable.Range(0, Tokens * Experts).Select(_ => (float)random.Next(3)).ToArray();
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), Tokens * Hidden);
        var router = new float[Hidden * Experts];
        using var d = new DeviceTensors(fixture.Device);
        var ids = d.Allocate<int>(Tokens * TopK);
        var weights = d.Allocate<float>(Tokens * TopK);

        d.Kernels.Gate(d.Upload(x), d.Weights(router, 1, Hidden, Experts), d.Upload(bias), spec, Tokens, ids, weights);

        var (refIds, refWeights) = ReferenceOps.Gate(Widen.ToDouble(x), Widen.ToDouble(router), Widen.ToDouble(bias), spec, Tokens, Hidden);
        TensorAssert.Exact(d.Read(ids), refIds, $"seed {seed}, {score}, expert ids");
        TensorAssert.Close(d.Read(weights), refWeights, $"seed {seed}, {score}");
    }

    [Theory]
    [InlineData(33, 6 * 16 + 7, 64, 8, 11)]
    [InlineData(7, 33, 36, 6, 12)]
    public void Group_limited_gate_chooses_only_from_its_top_groups(int tokens, int hidden, int experts, int topK, int seed)
    {
        var spec = new GateSpec(experts, topK, RoutingScore.Sigmoid, true, 2.5, Groups: 4, TopKGroups: 2);
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * hidden);
        var router = SeededInputs.Normal(SeededInputs.For(seed, "router"), hidden * experts, 1 / MathF.Sqrt(hidden));
        using var d = new DeviceTensors(fixture.Device);
        var ids = d.Allocate<int>(tokens * topK);
        var weights = d.Allocate<float>(tokens * topK);

        d.Kernels.Gate(d.Upload(x), d.Weights(router, 1, hidden, experts), null, spec, tokens, ids, weights);

        var chosen = d.Read(ids);
        var w = d.Read(weights);
        var size = experts / spec.Groups;
        for (var t = 0; t < tokens; t++)
        {
            var row = chosen.AsSpan(t * topK, topK).ToArray();
            var used = row.Select(e => e / size).Distinct().Count();
            Assert.True(used <= spec.TopKGroups, $"seed {seed} token {t}: experts from {used} groups");
            var sum = w.AsSpan(t * topK, topK).ToArray().Sum();
            Assert.True(Math.Abs(sum - 2.5) < 1e-5, $"seed {seed} token {t}: weights sum to {sum}, expected the routed scale 2.5");
        }
    }

    [Theory]
    [InlineData(RoutingScore.Softmax, 1, 1)]
    [InlineData(RoutingScore.Sigmoid, 4, 2)]
    public void Tied_scores_go_to_the_lowest_expert_id_as_in_the_reference(RoutingScore score, int groups, int topKGroups)
    {
        // A zero router ties every expert (and every group): the choice must still be deterministic and agree.
        const int tokens = 7, hidden = 33, experts = 36, topK = 6;
        var spec = new GateSpec(experts, topK, score, Renormalize: true, 1.0, groups, topKGroups);
        var x = SeededInputs.Normal(SeededInputs.For(1, "x"), tokens * hidden);
        using var d = new DeviceTensors(fixture.Device);
        var ids = d.Allocate<int>(tokens * topK);
        var weights = d.Allocate<float>(tokens * topK);

        d.Kernels.Gate(d.Upload(x), d.Weights(new float[hidden * experts], 1, hidden, experts), null, spec, tokens, ids, weights);

        var (refIds, refWeights) = ReferenceOps.Gate(Widen.ToDouble(x), new double[hidden * experts], default, spec, tokens, hidden);
        TensorAssert.Exact(d.Read(ids), refIds, $"{score}, tied expert ids");
        TensorAssert.Exact(refIds.AsSpan(0, topK), [0, 1, 2, 3, 4, 5], $"{score}, reference tie order");
        TensorAssert.Close(d.Read(weights), refWeights, $"{score}, tied weights");
    }

    [Fact]
    public void Gate_without_groups_can_choose_experts_a_group_limit_would_exclude()
    {
        // The group test above can only fail if groups change the choice: check they do on its inputs.
        const int tokens = 33, hidden = 6 * 16 + 7, experts = 64, topK = 8, seed = 11;
        var x = SeededInputs.Normal(SeededInputs.For(seed, "x"), tokens * hidden);
        var router = SeededInputs.Normal(SeededInputs.For(seed, "router"), hidden * experts, 1 / MathF.Sqrt(hidden));

        var (ids, _) = ReferenceOps.Gate(
            Widen.ToDouble(x), Widen.ToDouble(router), default, new GateSpec(experts, topK, RoutingScore.Sigmoid, true), tokens, hidden);

        var spread = Enumerable.Range(0, tokens).Count(t => ids.AsSpan(t * topK, topK).ToArray().Select(e => e / 16).Distinct().Count() > 2);
        Assert.True(spread > 0, $"seed {seed}: no token's free choice spans more than two groups");
    }
}
