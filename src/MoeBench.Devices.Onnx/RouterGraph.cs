using MoeBench.Core.Models;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Onnx;

/// <summary>
/// The router as ONNX nodes, shared by the gate op and the whole layer: MatMul, logit bias, Softmax or Sigmoid, the
/// group limit, TopK (ties to the lower index, as <c>ReferenceOps.Gate</c>), renormalisation and the routed scale.
/// </summary>
internal static class RouterGraph
{
    /// <summary>Adds the router over [tokens × k] <paramref name="x"/>; returns the chosen experts (int64) and their weights.</summary>
    public static (string Ids, string Weights) Add(OnnxModel model, ExpertProduct router, string x, string? logitBias, GateSpec spec)
    {
        var logits = router.Multiply(model, x);
        if (logitBias is not null)
        {
            logits = model.Node("Add", [logits, logitBias]);
        }

        var scores = spec.Score == RoutingScore.Sigmoid ? model.Node("Sigmoid", [logits]) : model.Node("Softmax", [logits], attributes: ("axis", -1L));
        var candidates = spec.Groups > 1 ? GroupLimited(model, scores, spec) : scores;
        var top = model.Nodes("TopK", [candidates, model.Longs(spec.TopK)], [model.Name(), model.Name()], attributes: [("axis", -1L), ("largest", 1L), ("sorted", 1L)]);
        var w = spec.Renormalize ? model.Node("Div", [top[0], model.Node("ReduceSum", [top[0], model.Longs(-1)], attributes: ("keepdims", 1L))]) : top[0];
        return (top[1], model.Node("Mul", [w, model.Floats([], (float)spec.RoutedScale)]));
    }

    /// <summary>
    /// DeepSeek-V3's group limit as <c>ReferenceOps</c> has it: a group scores the sum of its two best experts, the
    /// best TopKGroups groups stay eligible (TopK, then a ScatterElements mask) and every other expert scores −∞.
    /// </summary>
    private static string GroupLimited(OnnxModel model, string scores, GateSpec spec)
    {
        var size = spec.Experts / spec.Groups;
        var grouped = model.Node("Reshape", [scores, model.Longs(-1, spec.Groups, size)]);
        var best = model.Nodes("TopK", [grouped, model.Longs(Math.Min(2, size))], [model.Name(), model.Name()], attributes: ("axis", -1L))[0];
        var groupScore = model.Node("ReduceSum", [best, model.Longs(-1)], attributes: ("keepdims", 0L));
        var kept = model.Nodes("TopK", [groupScore, model.Longs(spec.TopKGroups)], [model.Name(), model.Name()], attributes: ("axis", -1L))[1];
        var zeros = model.Node("ConstantOfShape", [model.Node("Shape", [groupScore])]);
        var ones = model.Node("Expand", [model.Floats([1], 1f), model.Node("Shape", [kept])]);
        var mask = model.Node("ScatterElements", [zeros, kept, ones], attributes: ("axis", 1L));
        var perExpert = model.Node("Expand", [model.Node("Unsqueeze", [mask, model.Longs(2)]), model.Longs(1, 1, size)]);
        var eligible = model.Node("Cast", [model.Node("Reshape", [perExpert, model.Longs(-1, spec.Experts)])], attributes: ("to", (long)OnnxType.Bool));
        return model.Node("Where", [eligible, scores, model.Floats([], float.NegativeInfinity)]);
    }
}
