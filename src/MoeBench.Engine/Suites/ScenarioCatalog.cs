using MoeBench.Core.Ops.Definitions;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>
/// The serving scenarios a suite may name under <c>scenario:</c>, each with its parameter schema (names, kinds,
/// defaults, ranges), so a scenario entry is checked and expanded as a kernel entry is. MoeBench registers none yet:
/// the serving engine (issue 13) brings the real ones; until then a <c>scenario:</c> entry names an unknown scenario.
/// </summary>
public sealed class ScenarioCatalog(IEnumerable<OpSchema> scenarios)
{
    private readonly IReadOnlyList<OpSchema> _scenarios = [.. scenarios];

    public static ScenarioCatalog None { get; } = new([]);

    public bool TryGet(string name, out OpSchema schema)
    {
        schema = _scenarios.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))!;
        return schema is not null;
    }

    /// <summary>The scenario an entry names, or null with the error at its <c>scenario:</c> field.</summary>
    internal OpSchema? Read(YamlNode node, string field, SuiteErrors errors)
    {
        var name = NodeReader.ReadString(node, field, errors);
        if (name is null)
        {
            return null;
        }

        if (TryGet(name, out var schema))
        {
            return schema;
        }

        var known = _scenarios.Count == 0 ? "none registered" : string.Join(", ", _scenarios.Select(s => s.Name));
        errors.Add(node, field, $"unknown scenario '{name}' (known: {known})");
        return null;
    }
}
