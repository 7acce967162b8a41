using MoeBench.Core.Models;

namespace MoeBench.Core.Ops;

/// <summary>What the router computes: score function, top-k, renormalisation, scaling and group limits.</summary>
/// <param name="Experts">Router outputs: routed FFN experts plus any zero-computation experts.</param>
public sealed record GateSpec(
    int Experts,
    int TopK,
    RoutingScore Score,
    bool Renormalize,
    double RoutedScale = 1.0,
    int Groups = 1,
    int TopKGroups = 1)
{
    public static GateSpec For(ModelConfig model, int extraExperts = 0) =>
        new(model.Experts + extraExperts, model.TopK, model.Score, model.Renormalize, model.RoutedScale,
            extraExperts == 0 ? model.Groups : 1, extraExperts == 0 ? model.TopKGroups : 1);
}
