using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;
using MoeBench.Devices.Cpu;
using MoeBench.Devices.Layers;

namespace MoeBench.Devices.Tests.Layers;

[Collection(SharedCpuDevice.Name)]
public sealed class MoeLayerExecutorTests(CpuDeviceFixture fixture)
{
    /// <summary>A small model with every odd width: hidden and FFNs not multiples of 16, sigmoid group-limited routing, a shared expert.</summary>
    private static readonly ModelConfig Odd = new(
        "odd", "Odd", Hidden: 6 * 16 + 7, ExpertFfn: 33, Experts: 12, TopK: 3, SharedExperts: 1, SharedFfn: 23,
        Layers: 1, MoeLayers: 1, Heads: 1, KvHeads: 1, Vocab: 1, RoutingScore.Sigmoid, Renormalize: true,
        RoutedScale: 1.5, Groups: 4, TopKGroups: 2);

    private sealed record Run(float[] Output, double[] Expected, int[] Assignment, int[] RowsPerExpert, LayerCase Case);

    private Run Forward(MoeLayerSpec spec, string routing, int seed)
    {
        var c = LayerCase.Build(spec, routing, seed);
        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);
        executor.Forward();
        return new Run(
            executor.ReadOutput(), ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), executor.ReadAssignment(),
            executor.ReadRowsPerExpert(), c);
    }

    private static string Describe(MoeLayerSpec spec, string routing, int seed) =>
        $"{spec.Model.Id} tokens {spec.Tokens} {routing} cf {spec.CapacityFactor} zero/copy/const {spec.ZeroExperts}/{spec.CopyExperts}/{spec.ConstExperts} "
        + $"seed {seed} (weights seed {LayerCase.WeightSeed})";

    [Theory]
    [InlineData("mixtral-8x7b@1/32", 1, "uniform", 1)]
    [InlineData("mixtral-8x7b@1/32", 7, "uniform", 2)]
    [InlineData("mixtral-8x7b@1/32", 33, "zipf:1.2", 3)]
    [InlineData("olmoe-1b-7b@1/16", 7, "uniform", 4)]
    [InlineData("olmoe-1b-7b@1/16", 33, "hot:3", 5)]
    [InlineData("qwen3-30b-a3b@1/16", 33, "uniform", 6)]
    [InlineData("olmoe-1b-7b@1/16", 257, "zipf:1.2", 7)]
    public void Plain_layer_matches_the_reference_and_honours_the_sampled_routing(string model, int tokens, string routing, int seed)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens);
        var context = Describe(spec, routing, seed);

        var run = Forward(spec, routing, seed);

        TensorAssert.Close(run.Output, run.Expected, context);
        TensorAssert.Exact(run.Assignment, run.Case.Inputs.Assignment, $"{context}, gate ids vs sampled routing");
        Assert.True(run.RowsPerExpert.Sum() == tokens * spec.Model.TopK, $"{context}: dropless layer kept {run.RowsPerExpert.Sum()} rows");
    }

    [Theory]
    [InlineData("deepseek-v2-lite@1/16", 1, 1)]
    [InlineData("deepseek-v2-lite@1/16", 7, 2)]
    [InlineData("deepseek-v2-lite@1/16", 33, 3)]
    [InlineData("qwen1.5-moe-a2.7b@1/16", 1, 4)]
    [InlineData("qwen1.5-moe-a2.7b@1/16", 7, 5)]
    [InlineData("qwen1.5-moe-a2.7b@1/16", 33, 6)]
    public void Layer_with_shared_experts_matches_the_reference(string model, int tokens, int seed)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens);
        var context = Describe(spec, "uniform", seed);

        var run = Forward(spec, "uniform", seed);

        TensorAssert.Close(run.Output, run.Expected, context);
        TensorAssert.Exact(run.Assignment, run.Case.Inputs.Assignment, $"{context}, gate ids vs sampled routing");
    }

    [Fact]
    public void Shared_expert_changes_the_output()
    {
        // Guards the shared-expert test from passing with the shared MLP silently skipped on both sides.
        var spec = new MoeLayerSpec(ModelZoo.Get("qwen1.5-moe-a2.7b@1/16"), 7);
        var c = LayerCase.Build(spec, "uniform", 5);

        var without = ReferenceMoeLayer.Forward(spec, c.Weights with { SharedW13 = null, SharedW2 = null }, c.Inputs);
        var with = ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs);

        var diff = with.Zip(without, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(diff > 0.1, $"seed 5: the shared expert moved the output by at most {diff}");
    }

    [Theory]
    [InlineData("mixtral-8x7b@1/32", 33, "hot:1", 1)]
    [InlineData("mixtral-8x7b@1/32", 7, "hot:1", 2)]
    [InlineData("olmoe-1b-7b@1/16", 33, "zipf:1.5", 3)]
    [InlineData("deepseek-v2-lite@1/16", 33, "hot:2", 4)]
    public void Capacity_limited_layer_drops_tokens_and_matches_the_reference(string model, int tokens, string routing, int seed)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens, CapacityFactor: 1.0);
        var context = Describe(spec, routing, seed);

        var run = Forward(spec, routing, seed);

        var load = LoadImbalance.From(run.Assignment, spec.Model.Experts, spec.Capacity);
        Assert.True(load.DroppedTokens > 0, $"{context}: capacity {spec.Capacity} dropped nothing");
        Assert.True(
            run.RowsPerExpert.Sum() == (tokens * spec.Model.TopK) - load.DroppedTokens,
            $"{context}: kept {run.RowsPerExpert.Sum()} rows, dropped {load.DroppedTokens}");
        Assert.True(run.RowsPerExpert.All(r => r <= spec.Capacity), $"{context}: an expert kept more than {spec.Capacity} rows");
        TensorAssert.Close(run.Output, run.Expected, context);
    }

    [Theory]
    [InlineData("olmoe-1b-7b@1/16", 33, 2, 2, 2, 0.0, 1)]
    [InlineData("olmoe-1b-7b@1/16", 7, 1, 1, 1, 0.0, 2)]
    [InlineData("mixtral-8x7b@1/32", 33, 1, 1, 1, 0.0, 3)]
    [InlineData("mixtral-8x7b@1/32", 1, 1, 1, 1, 0.0, 4)]
    [InlineData("qwen1.5-moe-a2.7b@1/16", 33, 2, 2, 2, 1.0, 5)]
    public void Layer_with_zero_copy_and_constant_experts_matches_the_reference(
        string model, int tokens, int zero, int copy, int constant, double capacityFactor, int seed)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), tokens, capacityFactor, zero, copy, constant);
        var context = Describe(spec, "uniform", seed);

        var run = Forward(spec, "uniform", seed);

        TensorAssert.Close(run.Output, run.Expected, context);
        TensorAssert.Exact(run.Assignment, run.Case.Inputs.Assignment, $"{context}, gate ids vs sampled routing");
        if (tokens * spec.Model.TopK >= 4 * spec.RouterExperts)
        {
            var combine = spec.Combine;
            Assert.True(run.Assignment.Any(e => e >= combine.FfnExperts && e < combine.FirstCopy), $"{context}: no zero expert chosen");
            Assert.True(run.Assignment.Any(e => e >= combine.FirstCopy && e < combine.FirstConst), $"{context}: no copy expert chosen");
            Assert.True(run.Assignment.Any(e => e >= combine.FirstConst), $"{context}: no constant expert chosen");
        }
    }

    [Theory]
    [InlineData(1, "uniform", 1)]
    [InlineData(7, "uniform", 2)]
    [InlineData(33, "zipf:1.2", 3)]
    public void Sigmoid_group_limited_layer_matches_the_reference(int tokens, string routing, int seed)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("deepseek-v3@1/32"), tokens);
        var context = Describe(spec, routing, seed);

        var run = Forward(spec, routing, seed);

        TensorAssert.Close(run.Output, run.Expected, context);
        TensorAssert.Exact(run.Assignment, run.Case.ReferenceAssignment(), $"{context}, gate ids vs float64 gate");
        var size = spec.Model.Experts / spec.Model.Groups;
        for (var t = 0; t < tokens; t++)
        {
            var groups = run.Assignment.AsSpan(t * spec.Model.TopK, spec.Model.TopK).ToArray().Select(e => e / size).Distinct().Count();
            Assert.True(groups <= spec.Model.TopKGroups, $"{context}: token {t} uses {groups} expert groups");
        }
    }

    [Theory]
    [InlineData(1, 0.0, 1)]
    [InlineData(7, 0.0, 2)]
    [InlineData(33, 0.0, 3)]
    [InlineData(33, 1.0, 4)]
    public void Layer_of_odd_widths_matches_the_reference(int tokens, double capacityFactor, int seed)
    {
        var spec = new MoeLayerSpec(Odd, tokens, capacityFactor);
        var context = Describe(spec, "zipf:1.2", seed);

        var run = Forward(spec, "zipf:1.2", seed);

        TensorAssert.Close(run.Output, run.Expected, context);
        TensorAssert.Exact(run.Assignment, run.Case.ReferenceAssignment(), $"{context}, gate ids vs float64 gate");
    }

    [Fact]
    public void Forward_twice_gives_the_same_output()
    {
        // A second pass must not accumulate onto the first (y, offsets and scratch are rewritten every pass).
        var spec = new MoeLayerSpec(ModelZoo.Get("deepseek-v2-lite@1/16"), 33, CapacityFactor: 1.0, ZeroExperts: 1, CopyExperts: 1, ConstExperts: 1);
        var c = LayerCase.Build(spec, "zipf:1.2", 9);
        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);

        executor.Forward();
        var first = executor.ReadOutput();
        executor.Forward();
        var second = executor.ReadOutput();

        Assert.Equal(first, second);
        TensorAssert.Close(second, ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), "seed 9, second forward");
    }

    [Fact]
    public void A_fused_layer_with_an_injected_grouped_gemm_slowdown_still_matches_the_reference()
    {
        // The injection holds each fused up-projection call a while after it returns; it must leave the output as it was.
        using var device = new CpuDevice(SlowdownInjection.Parse("grouped_gemm:0.5"));
        var spec = new MoeLayerSpec(Odd, 33, 1.0);
        var c = LayerCase.Build(spec, "zipf:1.2", 5);
        using var executor = new MoeLayerExecutor(device, spec, c.Weights, c.Inputs);

        executor.Forward();

        TensorAssert.Close(executor.ReadOutput(), ReferenceMoeLayer.Forward(spec, c.Weights, c.Inputs), Describe(spec, "zipf:1.2", 5) + ", injected");
    }

    [Fact]
    public void Working_set_counts_every_weight_matrix()
    {
        var spec = new MoeLayerSpec(ModelZoo.Get("mixtral-8x7b@1/32"), 7);
        var c = LayerCase.Build(spec, "uniform", 1);
        using var executor = new MoeLayerExecutor(fixture.Device, spec, c.Weights, c.Inputs);

        var weights = 4L * ((spec.Model.Experts * spec.Model.ExpertParameters) + (spec.Model.Hidden * spec.RouterExperts));

        Assert.True(executor.WorkingSetBytes > weights, $"working set {executor.WorkingSetBytes} B, weights alone {weights} B");
    }
}
