using System.Collections.Concurrent;
using MoeBench.Core.Inputs;
using MoeBench.Core.Layers;
using MoeBench.Core.Models;
using MoeBench.Core.Reference;
using MoeBench.Core.Routing;

namespace MoeBench.Devices.Tests.Layers;

/// <summary>
/// Weights and inputs of one MoE block, built as the engine's MoeLayerWorkload builds them (seeded tensors scaled
/// to keep activations near unit variance, the routing steered by SyntheticRouting's logit bias). The engine is
/// not referenced from device tests, so these few lines are replicated.
/// </summary>
internal sealed record LayerCase(MoeLayerSpec Spec, MoeLayerWeights Weights, MoeLayerInputs Inputs)
{
    /// <summary>Weights depend on the model's shapes only (seed <see cref="WeightSeed"/>); drawing them is most of a case's cost.</summary>
    private static readonly ConcurrentDictionary<(ModelConfig, int, int), MoeLayerWeights> WeightCache = new();

    public const int WeightSeed = 1;

    /// <summary>A case whose routing and hidden states come from <paramref name="seed"/>, on the model's cached weights.</summary>
    public static LayerCase Build(MoeLayerSpec spec, string routing, int seed)
    {
        var m = spec.Model;
        var assignment = LoadDistribution.Parse(routing).Sample(spec.Tokens, spec.RouterExperts, m.TopK, SeededInputs.For(seed, "routing"));
        var bias = SyntheticRouting.LogitBias(assignment, spec.Tokens, spec.RouterExperts, m.TopK, m.Score);
        var weights = WeightCache.GetOrAdd((m, spec.RouterExperts, spec.ConstExperts), _ => MoeLayerWeights.Seeded(spec, WeightSeed, 0));
        var x = SeededInputs.Normal(SeededInputs.For(seed, "layer.x.0"), spec.Tokens * m.Hidden);
        return new LayerCase(spec, weights, new MoeLayerInputs(x, bias, assignment));
    }

    /// <summary>The experts the float64 gate chooses on this case: the routing half of the reference layer.</summary>
    public int[] ReferenceAssignment()
    {
        var m = Spec.Model;
        var xn = ReferenceOps.RmsNorm(
            Widen.ToDouble(Inputs.X), Widen.ToDouble(Weights.NormGamma), Spec.Tokens, m.Hidden, MoeLayerSpec.RmsEpsilon);
        return ReferenceOps.Gate(xn, Widen.ToDouble(Weights.Router), Widen.ToDouble(Inputs.LogitBias), Spec.Gate, Spec.Tokens, m.Hidden).Ids;
    }
}
