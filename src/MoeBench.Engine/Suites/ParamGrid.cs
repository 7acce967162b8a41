using MoeBench.Core.Ops.Definitions;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>One value of a parameter, with where it was written (null for a filled-in default).</summary>
internal sealed record ParamValue(object Value, YamlNode? Node, string Field);

/// <summary>One grid axis: a parameter and the values it takes (a scalar is a one-value axis).</summary>
internal sealed record ParamAxis(ParamSpec Spec, IReadOnlyList<ParamValue> Values);

/// <summary>
/// Reads a case entry's <c>params:</c> against an <see cref="OpSchema"/>: unknown keys, form selection,
/// per-value types and ranges, required parameters, defaults. Axes come in written order, then defaults.
/// </summary>
internal static class ParamGrid
{
    /// <param name="paramsNode">The <c>params:</c> value, or null when the entry has none.</param>
    /// <param name="entry">The case entry, where errors about an absent <c>params:</c> point.</param>
    /// <returns>The axes, or null when anything was wrong (and reported).</returns>
    public static IReadOnlyList<ParamAxis>? Read(
        OpSchema schema, YamlNode? paramsNode, YamlNode entry, string field, SuiteErrors errors)
    {
        var before = errors.Count;
        var map = paramsNode as YamlMappingNode ?? new YamlMappingNode();
        if (paramsNode is not null and not YamlMappingNode)
        {
            errors.Add(paramsNode, field, "expected a mapping of parameter: value or [values]");
            return null;
        }

        var given = NodeReader.Keys(map, field, [.. schema.AllParams.Select(p => p.Name)], errors, schema.Name);
        var order = map.Children.Keys.OfType<YamlScalarNode>()
            .Where(k => k.Value is not null && given.ContainsKey(k.Value)).ToList();
        // Without a valid form, still check every value (against all forms) so all errors show at once.
        var active = ActiveSpecs(schema, order, paramsNode ?? entry, field, errors);

        var axes = new List<ParamAxis>();
        foreach (var key in order)
        {
            var spec = (active ?? schema.AllParams).First(s => s.Name == key.Value);
            var values = ReadValues(spec, given[spec.Name], NodeReader.Join(field, spec.Name), errors);
            if (values is not null)
            {
                axes.Add(new ParamAxis(spec, values));
            }
        }

        foreach (var spec in (active ?? []).Where(s => !given.ContainsKey(s.Name)))
        {
            var path = NodeReader.Join(field, spec.Name);
            if (spec.Required)
            {
                errors.Add(paramsNode ?? entry, path, $"missing required parameter '{spec.Name}' for {schema.Name}");
            }
            else if (spec.Default is { } value)
            {
                axes.Add(new ParamAxis(spec, [new ParamValue(value, null, path)]));
            }
        }

        return errors.Count == before ? axes : null;
    }

    /// <summary>The schema's common parameters plus those of the one form the given keys select.</summary>
    private static List<ParamSpec>? ActiveSpecs(
        OpSchema schema, List<YamlScalarNode> keys, YamlNode at, string field, SuiteErrors errors)
    {
        if (schema.Forms.Count == 0)
        {
            return [.. schema.Params];
        }

        ParamForm? chosen = null;
        foreach (var key in keys)
        {
            var form = schema.Forms.FirstOrDefault(f => f.Params.Any(p => p.Name == key.Value));
            if (form is null || form == chosen)
            {
                continue;
            }

            if (chosen is not null)
            {
                errors.Add(key, NodeReader.Join(field, key.Value!),
                    $"{schema.Name} is given either by {Describe(chosen)} or by {Describe(form)}, not both");
                return null;
            }

            chosen = form;
        }

        if (chosen is null)
        {
            errors.Add(at, field,
                $"{schema.Name} needs either {string.Join(" or ", schema.Forms.Select(Describe))}");
            return null;
        }

        return [.. schema.Params, .. chosen.Params];
    }

    private static string Describe(ParamForm form) => string.Join(" + ", form.Params.Select(p => p.Name));

    private static List<ParamValue>? ReadValues(ParamSpec spec, YamlNode node, string field, SuiteErrors errors)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return ReadScalar(spec, scalar, field, errors) is { } one ? [one] : null;
            case YamlSequenceNode { Children.Count: 0 }:
                errors.Add(node, field, "an empty list expands to no cases; give at least one value");
                return null;
            case YamlSequenceNode sequence:
                var values = new List<ParamValue>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var path = $"{field}[{i}]";
                    if (sequence.Children[i] is not YamlScalarNode item)
                    {
                        errors.Add(sequence.Children[i], path, "expected a scalar; lists of parameters do not nest");
                    }
                    else if (ReadScalar(spec, item, path, errors) is { } value)
                    {
                        values.Add(value);
                    }
                }

                return values.Count == sequence.Children.Count ? values : null;
            default:
                errors.Add(node, field, "expected a scalar or a list of scalars");
                return null;
        }
    }

    private static ParamValue? ReadScalar(ParamSpec spec, YamlScalarNode node, string field, SuiteErrors errors)
    {
        if (ScalarReader.TryRead(spec, node, out var value, out var error))
        {
            return new ParamValue(value, node, field);
        }

        errors.Add(node, field, error);
        return null;
    }
}
