using MoeBench.Core.Ops.Definitions;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// Applies <see cref="ParamSpec.OnlyWhen"/> to the expanded combinations of one entry: drops a conditional parameter
/// where its condition fails, reports it missing where the condition holds and it is required, and reports a
/// parameter the entry gave but no combination uses.
/// </summary>
internal sealed class ConditionalParams(OpSchema schema, string field, SuiteErrors errors)
{
    private readonly HashSet<string> _used = [];

    /// <returns>The combination without the parameters that do not apply to it, or null when one is missing (reported).</returns>
    public Dictionary<string, ParamValue>? Apply(IReadOnlyDictionary<string, ParamValue> combination, YamlNode entry)
    {
        var result = new Dictionary<string, ParamValue>(combination, StringComparer.Ordinal);
        var values = combination.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
        var ok = true;
        foreach (var spec in schema.AllParams)
        {
            if (spec.OnlyWhen is not { } condition)
            {
                continue;
            }

            if (!condition.HoldsIn(values, out var because))
            {
                result.Remove(spec.Name);
            }
            else if (combination.ContainsKey(spec.Name))
            {
                _used.Add(spec.Name);
            }
            else if (condition.Required)
            {
                ok = false;
                var at = combination[because!];
                errors.Add(at.Node ?? entry, NodeReader.Join(field, spec.Name),
                    $"{spec.Name} is required when {because} is {ScalarReader.Format(at.Value)}{Choices(spec)}");
            }
        }

        return ok ? result : null;
    }

    /// <summary>Reports each conditional parameter the entry gave that no combination kept.</summary>
    public void ReportUnused(IReadOnlyList<ParamAxis> axes)
    {
        foreach (var axis in axes)
        {
            if (axis.Spec.OnlyWhen is { } condition && !_used.Contains(axis.Spec.Name) && axis.Values[0].Node is { } node)
            {
                errors.Add(node, axis.Values[0].Field, $"{axis.Spec.Name} applies only when {condition}");
            }
        }
    }

    private static string Choices(ParamSpec spec) => spec.Allowed.Count > 0 ? $" ({string.Join(" or ", spec.Allowed)})" : "";
}
