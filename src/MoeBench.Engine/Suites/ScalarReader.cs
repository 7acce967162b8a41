using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Models;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Routing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// Reads one YAML scalar as the typed, canonical value a <see cref="ParamSpec"/> asks for. Numbers must be
/// plain (unquoted) scalars: <c>"16"</c> is a string, and a string where a number belongs is an error.
/// </summary>
internal static class ScalarReader
{
    public static bool TryRead(ParamSpec spec, YamlScalarNode node, out object value, out string error)
    {
        value = null!;
        var text = NodeReader.Text(node);
        if (text is null)
        {
            error = "missing value";
            return false;
        }

        var plain = node.Style == ScalarStyle.Plain;
        switch (spec.Kind)
        {
            case ParamKind.Whole:
                if (!plain || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    error = $"expected an integer, got '{text}'";
                    return false;
                }

                value = l;
                if (spec.Allowed.Count > 0 && !spec.Allowed.Contains(Format(l)))
                {
                    error = $"must be one of {string.Join(", ", spec.Allowed)}; got {Format(l)}";
                    return false;
                }

                return CheckRange(spec, l, out error);
            case ParamKind.Number:
                if (!plain || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    || !double.IsFinite(d))
                {
                    error = $"expected a number, got '{text}'";
                    return false;
                }

                value = d;
                return CheckRange(spec, d, out error);
            case ParamKind.Choice:
                value = text;
                error = spec.Allowed.Contains(text) ? "" : $"must be one of {string.Join(", ", spec.Allowed)}; got '{text}'";
                return error.Length == 0;
            case ParamKind.DType:
                var known = spec.Allowed.Count > 0 ? spec.Allowed : [.. Enum.GetValues<DType>().Select(t => t.ToName())];
                if (!DTypeNames.TryParse(text, out var dtype) || !known.Contains(dtype.ToName()))
                {
                    error = $"unknown {spec.Name} '{text}' (known: {string.Join(", ", known)})";
                    return false;
                }

                value = dtype.ToName();
                error = "";
                return true;
            case ParamKind.Routing:
                if (!LoadDistribution.TryParse(text, out var distribution, out error))
                {
                    return false;
                }

                value = distribution.Text;
                return true;
            case ParamKind.Model:
                // Canonical id, as routing is stored in its canonical text: one workload, one case id.
                var inZoo = ModelZoo.TryGet(text, out var model, out error);
                value = inZoo ? model.Id : text;
                return inZoo;
            case ParamKind.Text:
                value = text;
                error = spec.Check?.Invoke(text) ?? "";
                return error.Length == 0;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unhandled parameter kind");
        }
    }

    public static bool CheckRange(ParamSpec spec, double x, out string error)
    {
        error = "";
        if (spec.Min is { } min && (spec.MinExclusive ? x <= min : x < min))
        {
            error = $"must be {(spec.MinExclusive ? ">" : "≥")} {Format(min)}, got {Format(x)}";
        }
        else if (spec.Max is { } max && x > max)
        {
            error = $"must be ≤ {Format(max)}, got {Format(x)}";
        }

        return error.Length == 0;
    }

    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
