using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Engine.Suites;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Comparison options: the suite's <c>gate:</c> thresholds (stored with the candidate run), then the command line's
/// <c>--min-effect</c> and <c>--min-effect-for</c>, which win.
/// </summary>
public static class GateOptionsFactory
{
    public static ComparisonOptions? Create(string? minEffect, IReadOnlyList<string> overrides, GateSettings suite, IEnumerable<CaseSpec> candidateCases)
    {
        var options = FromSuite(suite, candidateCases);
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

        // Later overrides win: the command line's come after the suite's.
        return parsed.Count == 0 ? options : options with { Overrides = [.. options.Overrides, .. parsed] };
    }

    /// <summary>
    /// Suite patterns match as suite filters do (case-insensitive, label, name or id, substring without
    /// wildcards), so each is resolved here to the exact ids of the candidate's cases it selects.
    /// </summary>
    private static ComparisonOptions FromSuite(GateSettings suite, IEnumerable<CaseSpec> cases)
    {
        var options = ComparisonOptions.Default;
        if (suite.MinEffect is { } min)
        {
            options = options with { MinEffect = new RelativeThreshold(min) };
        }

        var specs = cases.DistinctBy(c => c.Id).ToList();
        var overrides = suite.Overrides
            .SelectMany(o => specs
                .Where(c => CaseFilter.Matches(o.Pattern, new PlannedCase(c, [], [], 0)))
                .Select(c => new EffectOverride(c.Id, new RelativeThreshold(o.MinEffect))))
            .ToList();
        return overrides.Count == 0 ? options : options with { Overrides = overrides };
    }
}
