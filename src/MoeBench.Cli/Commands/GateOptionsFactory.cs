using MoeBench.Reporting.Comparison;

namespace MoeBench.Cli.Commands;

/// <summary>Comparison options from the command line: a minimum effect and per-case overrides.</summary>
public static class GateOptionsFactory
{
    public static ComparisonOptions? Create(string? minEffect, IReadOnlyList<string> overrides)
    {
        var options = ComparisonOptions.Default;
        if (minEffect is not null)
        {
            if (!RelativeThreshold.TryParse(minEffect, out var threshold))
            {
                Console.Error.WriteLine($"error: --min-effect '{minEffect}': expected a percentage like 3% or a fraction like 0.03");
                return null;
            }

            options = options with { MinEffect = threshold };
        }

        var parsed = new List<EffectOverride>();
        foreach (var item in overrides)
        {
            var eq = item.LastIndexOf('=');
            if (eq <= 0 || !RelativeThreshold.TryParse(item[(eq + 1)..], out var threshold))
            {
                Console.Error.WriteLine($"error: --min-effect-for '{item}': expected GLOB=PERCENT, e.g. 'grouped_gemm*=10%'");
                return null;
            }

            parsed.Add(new EffectOverride(item[..eq], threshold));
        }

        return parsed.Count == 0 ? options : options with { Overrides = [.. options.Overrides, .. parsed] };
    }
}
