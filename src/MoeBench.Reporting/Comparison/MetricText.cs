using System.Globalization;
using MoeBench.Core.Results;

namespace MoeBench.Reporting.Comparison;

/// <summary>How a metric and its values read wherever one is shown: gate files, console tables, charts, the report.</summary>
public static class MetricText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>gflops (GFLOP/s, higher is better)</c>.</summary>
    public static string Heading(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return $"{metric.Id} ({metric.Unit}, {(metric.HigherIsBetter ? "higher" : "lower")} is better)";
    }

    /// <summary>A value with a readable unit: nanoseconds scale to µs/ms/s, other units keep theirs.</summary>
    public static string Value(double value, MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric.Unit != "ns")
        {
            return string.Create(Invariant, $"{value:G4} {metric.Unit}");
        }

        var (scaled, unit) = Math.Abs(value) switch
        {
            >= 1e9 => (value / 1e9, "s"),
            >= 1e6 => (value / 1e6, "ms"),
            >= 1e3 => (value / 1e3, "µs"),
            _ => (value, "ns"),
        };
        return string.Create(Invariant, $"{scaled:G4} {unit}");
    }
}
