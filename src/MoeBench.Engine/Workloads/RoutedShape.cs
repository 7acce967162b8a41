using MoeBench.Core.Cases;
using MoeBench.Core.Inputs;
using MoeBench.Core.Models;
using MoeBench.Core.Routing;

namespace MoeBench.Engine.Workloads;

/// <summary>
/// The routing part of a routed kernel case: the model (if named), tokens, and the seeded expert assignment
/// drawn from the case's load distribution.
/// </summary>
internal sealed record RoutedShape(ModelConfig? Model, int Tokens, int Experts, int TopK, int[] Assignment)
{
    public static RoutedShape From(CaseParams p, int seed)
    {
        var model = p.ContainsKey("model") ? ModelZoo.Get(p.GetString("model")) : null;
        var experts = model?.Experts ?? p.GetInt("experts");
        var topK = model?.TopK ?? p.GetInt("top_k");
        var tokens = p.GetInt("tokens");
        var routing = LoadDistribution.Parse(p.GetString("routing", "uniform"));
        var assignment = routing.Sample(tokens, experts, topK, SeededInputs.For(seed, "routing"));
        return new RoutedShape(model, tokens, experts, topK, assignment);
    }

    /// <summary>
    /// An expert projection's [k × n]: with a model, <c>proj: up</c> is the fused gate+up projection (hidden → 2·ffn)
    /// and <c>proj: down</c> the down projection (ffn → hidden); otherwise <c>k</c> and <c>n</c> give it.
    /// </summary>
    public (int K, int N) Projection(CaseParams p) => Model is { } m
        ? p.GetString("proj", "up") == "up" ? (m.Hidden, 2 * m.ExpertFfn) : (m.ExpertFfn, m.Hidden)
        : (p.GetInt("k"), p.GetInt("n"));

    public ModelConfig RequireModel() => Model ?? throw new ArgumentException("this op needs a `model` parameter");
}
