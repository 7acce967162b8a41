using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Core.Ops.Definitions;

namespace MoeBench.Core.Tests.Layers;

/// <summary>A layer's cost is the sum of its phases, one kernel each, named and ordered as the layer executor submits them.</summary>
public sealed class LayerPhasesTests
{
    [Theory]
    [InlineData("mixtral-8x7b@1/8", new[] { "norm", "gate", "permute", "experts_up", "swiglu", "experts_down", "combine" })]
    [InlineData("deepseek-v2-lite@1/4", new[] { "norm", "gate", "permute", "experts_up", "swiglu", "experts_down", "shared_up", "shared_swiglu", "shared_down", "combine" })]
    public void Phases_follow_the_executor_and_sum_to_the_layer_cost(string model, string[] names)
    {
        var spec = new MoeLayerSpec(ModelZoo.Get(model), 16, 0);
        var rows = new int[spec.Model.Experts];
        for (var i = 0; i < 16 * spec.Model.TopK; i++)
        {
            rows[(i * 7) % rows.Length]++;
        }

        var phases = LayerDefinition.Phases(spec, rows);

        Assert.Equal(names, phases.Select(p => p.Name));
        Assert.Equal(phases.Select(p => p.Name.Contains("up", StringComparison.Ordinal) || p.Name.Contains("down", StringComparison.Ordinal)), phases.Select(p => p.IsGemm));
        var sum = phases.Aggregate(default(OpCost), (total, p) => total + p.Cost);
        Assert.Equal(LayerDefinition.Cost(spec, rows), sum);
    }
}
