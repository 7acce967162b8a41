using System.Globalization;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.History;

/// <summary>How a drift reads in the history table, its chart, the report and the gate's summary.</summary>
public static class DriftText
{
    /// <summary><c>+0.50%/run over 30 runs (+4.9 µs/run)</c>; the relative rate is left out where the level is 0.</summary>
    public static string Rate(Drift drift, MetricDefinition? metric)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var absolute = metric is null
            ? drift.RatePerPoint.ToString("+0.###g;-0.###g", CultureInfo.InvariantCulture)
            : (drift.RatePerPoint >= 0 ? "+" : "") + MetricText.Value(drift.RatePerPoint, metric);
        var span = string.Create(CultureInfo.InvariantCulture, $"over {drift.Span} runs");
        return drift.RelativeRatePerPoint is { } relative
            ? string.Create(CultureInfo.InvariantCulture, $"{relative:+0.00%;-0.00%}/run {span} ({absolute}/run)")
            : $"{absolute}/run {span}";
    }
}
