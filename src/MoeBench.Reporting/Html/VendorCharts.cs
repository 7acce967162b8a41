using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The vendor comparison: the cases that ran on two or more devices, one chart set per metric (time per invocation,
/// GFLOP/s, % of peak), a bar per device — measured solid, modeled hatched and named so in the legend.
/// </summary>
internal static class VendorCharts
{
    public const string Id = "vendor";

    public const string Heading = "Vendor comparison";

    /// <summary>Every device's bar beside every other's: fewer cases per chart than the devices section, so bars stay wide enough to label.</summary>
    private const int MaxCasesPerChart = 3;

    private static readonly BarMetric[] Metrics = [BarMetric.Time, BarMetric.Gflops, BarMetric.PctOfPeak];

    public static ChartSection Section(IReadOnlyList<CaseResult> results)
    {
        var shared = SharedCases(results);
        return new(Id, Heading,
            "The cases that ran on more than one device, one chart per metric: time per invocation and GFLOP/s (cost-model FLOPs over "
            + "that time) on log scales, as devices differ by decades, and % of the roof that bounds the case (a modeled device's share of its own profile's roofs). Measured "
            + "bars are solid with 95% CI whiskers; modeled bars are hatched, carry no whiskers (nothing ran) and say “(modeled)” in the legend.",
            shared.Count == 0 ? [] : [.. Metrics.SelectMany(m => DeviceComparisonChart.Render(shared, m, MaxCasesPerChart, Id, logScale: true))],
            "No case ran on more than one device in this run.");
    }

    /// <summary>Ok kernel and layer results with a time, of the cases that at least two devices ran.</summary>
    private static List<CaseResult> SharedCases(IReadOnlyList<CaseResult> results) =>
        [.. results
            .Where(r => r.Status == ResultStatus.Ok && r.Case.Level != Core.Cases.CaseLevel.Scenario && r.Metric(WellKnownMetrics.TimePerInvocation.Id) is not null)
            .GroupBy(r => r.Case.Id, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.Device.Id).Distinct(StringComparer.Ordinal).Count() > 1)
            .SelectMany(g => g)];
}
