using System.Globalization;
using MoeBench.Core.Results;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// Reads a suite's <c>gate:</c> mapping — the regression gate's thresholds — into <see cref="GateSettings"/>:
/// <code>
/// gate:
///   min_effect: 5%          # or a fraction below 1: 0.05
///   cases:                  # glob over case label / name / id (as CaseFilter) → min effect; later entries win
///     "grouped_gemm*": 10%
/// </code>
/// </summary>
internal static class GateSection
{
    /// <summary>The largest effect a suite may set, as a fraction (1000%): beyond it the gate could never fire.</summary>
    public const double MaxEffect = 10;

    private static readonly string[] GateKeys = ["min_effect", "cases"];

    /// <param name="cases">The suite's cases when they loaded without errors, so that each pattern can be checked
    /// to select at least one; null skips that check.</param>
    public static GateSettings Read(YamlNode? node, IReadOnlyList<PlannedCase>? cases, SuiteErrors errors)
    {
        if (node is null)
        {
            return GateSettings.None;
        }

        if (node is not YamlMappingNode map)
        {
            errors.Add(node, "gate", "expected a mapping with min_effect: and/or cases:");
            return GateSettings.None;
        }

        var given = NodeReader.Keys(map, "gate", GateKeys, errors);
        double? minEffect = given.TryGetValue("min_effect", out var m) ? ReadEffect(m, "gate.min_effect", errors) : null;
        var overrides = given.TryGetValue("cases", out var c) ? Overrides(c, cases, errors) : [];
        return minEffect is null && overrides.Count == 0 ? GateSettings.None : new GateSettings(minEffect, overrides);
    }

    private static List<GateOverride> Overrides(YamlNode node, IReadOnlyList<PlannedCase>? cases, SuiteErrors errors)
    {
        const string Field = "gate.cases";
        if (node is not YamlMappingNode map)
        {
            errors.Add(node, Field, "expected a mapping of case glob → min effect, e.g. \"grouped_gemm*\": 10%");
            return [];
        }

        var overrides = new List<GateOverride>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode key)
            {
                errors.Add(keyNode, Field, "a case pattern must be a plain string");
                continue;
            }

            var pattern = NodeReader.Text(key) ?? "";
            var field = $"{Field}[\"{pattern}\"]";
            var effect = ReadEffect(valueNode, field, errors);
            if (string.IsNullOrWhiteSpace(pattern))
            {
                errors.Add(keyNode, field, "empty case pattern: write a glob over case label, name or id, e.g. \"grouped_gemm*\"");
                continue;
            }

            if (cases is not null && !cases.Any(planned => CaseFilter.Matches(pattern, planned)))
            {
                errors.Add(keyNode, field, $"'{pattern}' selects no case of this suite (matched against each case's label, name and id)");
                continue;
            }

            if (effect is { } e)
            {
                overrides.Add(new GateOverride(pattern, e));
            }
        }

        return overrides;
    }

    /// <summary>A min effect as a fraction, or null after reporting why the node is not one.</summary>
    private static double? ReadEffect(YamlNode node, string field, SuiteErrors errors)
    {
        if (node is not YamlScalarNode scalar)
        {
            errors.Add(node, field, "expected a percentage like 5% or a fraction like 0.05");
            return null;
        }

        if (TryParseEffect(scalar, out var fraction, out var error))
        {
            return fraction;
        }

        errors.Add(node, field, error);
        return null;
    }

    /// <summary>
    /// <c>5%</c> or <c>2.5%</c> (quoted or not), or a plain number in [0, 1) read as a fraction (<c>0.05</c>). A bare
    /// number of 1 or more is refused rather than read as ≥ 100%: <c>min_effect: 5</c> almost always means 5%.
    /// </summary>
    internal static bool TryParseEffect(YamlScalarNode node, out double fraction, out string error)
    {
        fraction = 0;
        error = "";
        var text = NodeReader.Text(node);
        if (text is null)
        {
            error = "missing value: expected a percentage like 5% or a fraction like 0.05";
            return false;
        }

        if (text.EndsWith('%'))
        {
            const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
            if (!decimal.TryParse(text.AsSpan(0, text.Length - 1), Style, CultureInfo.InvariantCulture, out var percent))
            {
                error = $"expected a percentage like 5% or 2.5%, got '{text}'";
                return false;
            }

            if (percent < 0)
            {
                error = $"must not be negative, got {text}";
                return false;
            }

            if (percent > (decimal)MaxEffect * 100)
            {
                error = $"must be ≤ {ScalarReader.Format(MaxEffect * 100)}%, got {text}";
                return false;
            }

            // Decimal keeps 2.5% exactly 0.025 (as near as a double gets) where 2.5 / 100 in doubles may be an ulp off.
            fraction = percent == 0 ? 0 : (double)(percent / 100);
            return true;
        }

        if (node.Style != ScalarStyle.Plain
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            error = $"expected a percentage like 5% or a fraction like 0.05, got '{text}'";
            return false;
        }

        if (number < 0)
        {
            error = $"must not be negative, got {text}";
            return false;
        }

        if (number >= 1)
        {
            var asPercent = ScalarReader.Format(Math.Round(number * 100, 9));
            error = $"a bare number is a fraction (0.05 = 5%), so {text} would mean {asPercent}%; "
                + $"write the percentage instead, e.g. {text}% or {asPercent}%";
            return false;
        }

        fraction = number == 0 ? 0 : number;
        return true;
    }
}
