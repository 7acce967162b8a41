using MoeBench.Core.Cases;
using MoeBench.Core.Models;
using MoeBench.Core.Ops.Definitions;
using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>Turns one entry of <c>cases:</c> into the cases its grid expands to.</summary>
internal static class CaseEntryParser
{
    private static readonly string[] EntryKeys = ["kernel", "layer", "scenario", "params", "devices", "tags"];

    private static readonly string[] TargetKeys = ["kernel", "layer", "scenario"];

    /// <returns>The expanded cases, or none when the entry has errors (which are reported).</returns>
    public static IReadOnlyList<PlannedCase> Parse(
        YamlNode node, string field, IReadOnlyList<string> suiteDevices, OpCatalog ops, ScenarioCatalog scenarios, SuiteErrors errors)
    {
        if (node is not YamlMappingNode entry)
        {
            errors.Add(node, field, "expected a mapping with kernel: OP, layer: MODEL or scenario: NAME");
            return [];
        }

        var before = errors.Count;
        var keys = NodeReader.Keys(entry, field, EntryKeys, errors);
        var devices = keys.TryGetValue("devices", out var d)
            ? NodeReader.ReadStringList(d, NodeReader.Join(field, "devices"), errors, nonEmpty: true)
            : suiteDevices;
        var tags = keys.TryGetValue("tags", out var t)
            ? NodeReader.ReadStringList(t, NodeReader.Join(field, "tags"), errors, nonEmpty: false)
            : [];
        var target = Target(entry, keys, field, ops, scenarios, errors);
        if (target is null)
        {
            return [];
        }

        var (level, schema, names) = target.Value;
        var axes = ParamGrid.Read(schema, keys.GetValueOrDefault("params"), entry, NodeReader.Join(field, "params"), errors);
        if (axes is null || names is null || devices is null || tags is null || errors.Count != before)
        {
            return [];
        }

        var line = checked((int)entry.Start.Line);
        var cases = new List<PlannedCase>();
        var conditional = new ConditionalParams(schema, NodeReader.Join(field, "params"), errors);
        foreach (var name in names)
        {
            var layerModel = level == CaseLevel.Layer ? name : null;
            foreach (var combination in GridExpander.Expand(axes))
            {
                if (GridExpander.Check(axes, combination, layerModel, entry, errors)
                    && conditional.Apply(combination, entry) is { } applied)
                {
                    // A combination that only differed in a dropped parameter repeats an earlier case: the loader keeps it once.
                    var parameters = new CaseParams(applied.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Value)));
                    cases.Add(new PlannedCase(new CaseSpec(level, name, parameters), devices, tags, line));
                }
            }
        }

        conditional.ReportUnused(axes);
        return errors.Count == before ? cases : [];
    }

    /// <summary>
    /// What the entry measures: an op (one name), one or more models (layer cases) or a serving scenario. Names are
    /// null when a model is wrong, after the schema is known, so the params are still checked.
    /// </summary>
    private static (CaseLevel Level, OpSchema Schema, IReadOnlyList<string>? Names)? Target(
        YamlMappingNode entry, Dictionary<string, YamlNode> keys, string field, OpCatalog ops, ScenarioCatalog scenarios, SuiteErrors errors)
    {
        var given = TargetKeys.Where(keys.ContainsKey).ToList();
        if (given.Count != 1)
        {
            errors.Add(entry, field, given.Count == 0
                ? "missing kernel: OP, layer: MODEL or scenario: NAME"
                : $"give one of kernel:, layer: or scenario:, not {string.Join(" and ", given.Select(k => k + ":"))}");
            return null;
        }

        var hasKernel = keys.TryGetValue("kernel", out var kernel);
        if (keys.TryGetValue("scenario", out var scenario))
        {
            return scenarios.Read(scenario, NodeReader.Join(field, "scenario"), errors) is { } named
                ? (CaseLevel.Scenario, named, [named.Name])
                : null;
        }

        if (hasKernel)
        {
            var kernelField = NodeReader.Join(field, "kernel");
            var op = NodeReader.ReadString(kernel!, kernelField, errors);
            if (op is null)
            {
                return null;
            }

            if (!ops.TryGetKernel(op, out var definition))
            {
                errors.Add(kernel!, kernelField, $"unknown op '{op}' (known: {string.Join(", ", ops.Kernels.Select(k => k.Name))})");
                return null;
            }

            return (CaseLevel.Kernel, definition.Schema, [op]);
        }

        return (CaseLevel.Layer, ops.Layer.Schema, Models(keys["layer"], NodeReader.Join(field, "layer"), errors));
    }

    private static List<string>? Models(YamlNode node, string field, SuiteErrors errors)
    {
        var items = node is YamlSequenceNode sequence
            ? sequence.Children.Select((n, i) => (Node: n, Field: $"{field}[{i}]")).ToList()
            : [(node, field)];
        if (items.Count == 0)
        {
            errors.Add(node, field, "expected a model id or a non-empty list of model ids");
            return null;
        }

        var models = new List<string>();
        var ok = true;
        foreach (var (item, path) in items)
        {
            var id = NodeReader.ReadString(item, path, errors);
            if (id is null)
            {
                ok = false;
            }
            else if (!ModelZoo.TryGet(id, out var model, out var error))
            {
                ok = false;
                errors.Add(item, path, error);
            }
            else if (!models.Contains(model.Id))
            {
                models.Add(model.Id); // canonical (`@1/08` → `@1/8`, `@1/1` → none): one workload, one case id
            }
        }

        return ok ? models : null;
    }
}
