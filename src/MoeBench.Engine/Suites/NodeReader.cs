using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>Structural reads shared by every section: mappings with known keys, strings, lists of strings.</summary>
internal static class NodeReader
{
    public static string Join(string prefix, string key) => prefix.Length == 0 ? key : $"{prefix}.{key}";

    /// <summary>
    /// The values of <paramref name="map"/> by key; a key outside <paramref name="allowed"/> is reported (at the
    /// key) with the allowed list and left out.
    /// </summary>
    public static Dictionary<string, YamlNode> Keys(
        YamlMappingNode map, string prefix, IReadOnlyCollection<string> allowed, SuiteErrors errors, string? what = null)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                errors.Add(keyNode, prefix, "keys must be plain strings");
                continue;
            }

            if (!allowed.Contains(key))
            {
                var scope = what is null ? "" : $" for {what}";
                errors.Add(keyNode, Join(prefix, key), $"unknown key '{key}'{scope} (allowed: {string.Join(", ", allowed)})");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    /// <summary>A scalar's text, or null for a missing value (<c>key:</c>, <c>~</c>, <c>null</c>).</summary>
    public static string? Text(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain && node.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : node.Value;

    public static string? ReadString(YamlNode node, string field, SuiteErrors errors)
    {
        if (node is YamlScalarNode scalar && Text(scalar) is { } text)
        {
            return text;
        }

        errors.Add(node, field, node is YamlScalarNode ? "missing value" : "expected a string");
        return null;
    }

    /// <summary>A list of non-empty strings, duplicates dropped; null (after reporting) when malformed.</summary>
    public static IReadOnlyList<string>? ReadStringList(YamlNode node, string field, SuiteErrors errors, bool nonEmpty)
    {
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(node, field, "expected a list of strings, e.g. [a, b]");
            return null;
        }

        if (nonEmpty && sequence.Children.Count == 0)
        {
            errors.Add(node, field, "must not be empty");
            return null;
        }

        var result = new List<string>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var text = ReadString(item, $"{field}[{i}]", errors);
            if (text is null)
            {
                ok = false;
            }
            else if (!result.Contains(text))
            {
                result.Add(text);
            }
        }

        return ok ? result : null;
    }
}
