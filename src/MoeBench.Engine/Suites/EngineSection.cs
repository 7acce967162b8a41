using YamlDotNet.RepresentationModel;

namespace MoeBench.Engine.Suites;

/// <summary>Reads a suite's <c>engine:</c> mapping onto <see cref="EngineSettings.Default"/>.</summary>
internal static class EngineSection
{
    public static EngineSettings Read(YamlNode? node, SuiteErrors errors)
    {
        var settings = EngineSettings.Default;
        if (node is null)
        {
            return settings;
        }

        if (node is not YamlMappingNode map)
        {
            errors.Add(node, "engine", "expected a mapping of engine settings");
            return settings;
        }

        var given = NodeReader.Keys(map, "engine", [.. EngineSchema.Names], errors);
        foreach (var field in EngineSchema.Fields)
        {
            if (!given.TryGetValue(field.Spec.Name, out var valueNode))
            {
                continue;
            }

            var path = $"engine.{field.Spec.Name}";
            if (valueNode is not YamlScalarNode scalar)
            {
                errors.Add(valueNode, path, "expected a single value");
            }
            else if (ScalarReader.TryRead(field.Spec, scalar, out var value, out var error))
            {
                settings = field.Set(settings, value);
            }
            else
            {
                errors.Add(valueNode, path, error);
            }
        }

        // Bounds between fields hold for the effective settings, so `max_samples: 5` alone conflicts with the
        // default min_samples of 10. The error points at whichever of the pair the file wrote (the upper first).
        foreach (var field in EngineSchema.Fields.Where(f => f.Spec.AtLeast is not null))
        {
            var lower = EngineSchema.Fields.First(f => f.Spec.Name == field.Spec.AtLeast);
            var hi = Convert.ToDouble(field.Get(settings), System.Globalization.CultureInfo.InvariantCulture);
            var lo = Convert.ToDouble(lower.Get(settings), System.Globalization.CultureInfo.InvariantCulture);
            if (hi >= lo)
            {
                continue;
            }

            var at = given.GetValueOrDefault(field.Spec.Name) ?? given.GetValueOrDefault(lower.Spec.Name);
            var blamed = given.ContainsKey(field.Spec.Name) ? field.Spec.Name : lower.Spec.Name;
            if (at is not null)
            {
                errors.Add(at, $"engine.{blamed}",
                    $"{field.Spec.Name} ({ScalarReader.Format(field.Get(settings))}) must be ≥ {lower.Spec.Name} ({ScalarReader.Format(lower.Get(settings))})");
            }
        }

        return settings;
    }
}
