using MoeBench.Core.Models;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Routing;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// Expands parameter axes into their cartesian grid — first axis slowest, last fastest, as nested loops read
/// in the file — and checks what only a full combination can tell: bounds between parameters and whether a
/// <c>hot:H</c> routing fits the expert count.
/// </summary>
internal static class GridExpander
{
    public static IEnumerable<IReadOnlyDictionary<string, ParamValue>> Expand(IReadOnlyList<ParamAxis> axes)
    {
        if (axes.Any(a => a.Values.Count == 0))
        {
            yield break;
        }

        var index = new int[axes.Count];
        while (true)
        {
            var combination = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
            for (var a = 0; a < axes.Count; a++)
            {
                combination[axes[a].Spec.Name] = axes[a].Values[index[a]];
            }

            yield return combination;

            var axis = axes.Count - 1;
            while (axis >= 0 && ++index[axis] == axes[axis].Values.Count)
            {
                index[axis--] = 0;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Reports what is wrong with one combination; true when it is a valid case.</summary>
    /// <param name="layerModel">The model of a layer case (whose params carry no <c>model</c>), else null.</param>
    public static bool Check(
        IReadOnlyList<ParamAxis> axes, IReadOnlyDictionary<string, ParamValue> combination, string? layerModel,
        YamlNode entry, SuiteErrors errors)
    {
        var ok = true;
        foreach (var spec in axes.Select(a => a.Spec))
        {
            var value = combination[spec.Name];
            if (spec.AtMost is { } upper && combination.TryGetValue(upper, out var bound)
                && Number(value) > Number(bound))
            {
                ok = false;
                Report(value, entry, errors, $"{spec.Name} ({ScalarReader.Format(value.Value)}) must be ≤ {upper} ({ScalarReader.Format(bound.Value)})");
            }

            if (spec.AtLeast is { } lower && combination.TryGetValue(lower, out bound)
                && Number(value) < Number(bound))
            {
                ok = false;
                Report(value, entry, errors, $"{spec.Name} ({ScalarReader.Format(value.Value)}) must be ≥ {lower} ({ScalarReader.Format(bound.Value)})");
            }

            if (spec.Kind == ParamKind.Routing
                && LoadDistribution.Parse((string)value.Value) is HotLoad hot
                && ExpertCount(combination, layerModel) is var (experts, source) && hot.Hot > experts)
            {
                ok = false;
                Report(value, entry, errors, $"{hot.Text} needs at least {hot.Hot} experts; {source} has {experts}");
            }
        }

        return ok;
    }

    /// <summary>The experts a combination routes over: explicit <c>experts</c>, else its model's.</summary>
    private static (long Experts, string Source)? ExpertCount(
        IReadOnlyDictionary<string, ParamValue> combination, string? layerModel)
    {
        if (combination.TryGetValue("experts", out var experts))
        {
            return ((long)experts.Value, "experts");
        }

        var model = combination.TryGetValue("model", out var m) ? (string)m.Value : layerModel;
        return model is not null && ModelZoo.TryGet(model, out var config, out _) ? (config.Experts, model) : null;
    }

    private static double Number(ParamValue value) => value.Value switch
    {
        long l => l,
        double d => d,
        _ => throw new InvalidOperationException($"bound on non-numeric value '{value.Value}'"),
    };

    private static void Report(ParamValue value, YamlNode entry, SuiteErrors errors, string message) =>
        errors.Add(value.Node ?? entry, value.Field, message);
}
