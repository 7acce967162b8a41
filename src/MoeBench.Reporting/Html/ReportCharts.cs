using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>A headed part of the page: charts, or a note saying why there are none.</summary>
internal sealed record ChartSection(string Id, string Heading, string Intro, IReadOnlyList<ChartImage> Charts, string EmptyNote);

/// <summary>
/// Decides which charts a report carries. Every chart section is always present (with a note when it has
/// nothing to show), so reports of different runs have the same shape and a reader knows where to look.
/// </summary>
internal static class ReportCharts
{
    /// <summary>Load depends on routing, not on the device, so one chart per layer case; beyond this many, the table has the rest.</summary>
    private const int MaxExpertLoadCharts = 12;

    public static IReadOnlyList<ChartSection> Build(ReportModel model)
    {
        var results = model.Results;
        var sections = new List<ChartSection>
        {
            new("devices", "Devices",
                "Time per invocation of every case on every device: a measured device's median, whiskers the 95% confidence interval of "
                + "the median, so bars whose whiskers overlap are not clearly different. Modeled or simulated devices are hatched and say so in the legend.",
                DeviceComparisonChart.Render(results), "No timed results in this run."),
            VendorCharts.Section(results),
            new("roofline", "Roofline",
                "Achieved GFLOP/s against arithmetic intensity per device, under the compute roof (peak fp32) and the memory roofs "
                + "(bandwidth × intensity): DRAM for cold cases, and each cache tier for hot cases whose working set fits in it. "
                + "Left of the ridge point a case is bound by memory, right of it by compute. Ops without FLOPs (permute, unpermute) have no "
                + "intensity to place them by; each chart names those it leaves out.",
                // The calibrated roofs: a probed result's device carries the bandwidth its samples were held to instead.
                [.. results.OrderBy(r => r.SampleBandwidths is null ? 0 : 1).Select(r => r.Device).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal)
                    .Select(d => RooflineChart.Render(d, results))],
                "No devices in this run."),
            new("expert-load", "Expert load",
                "Tokens routed to each expert of a layer case (seeded routing, identical on every device); the dashed line is the mean. "
                + "The busiest expert sets how long the grouped GEMM waits.",
                [.. results.Where(r => r.Case.Level == CaseLevel.Layer && r.Load is not null)
                    .OrderBy(r => r.Status == ResultStatus.Ok ? 0 : 1)
                    .DistinctBy(r => r.Case.Id)
                    .OrderBy(r => r.Case.Label, StringComparer.Ordinal)
                    .Take(MaxExpertLoadCharts)
                    .Select(ExpertLoadChart.Render)],
                "No layer results with expert load in this run."),
            new("layer-phases", "Layer phases",
                "Each layer case's forward split into its phases, timed with the device synchronised at every phase boundary; "
                + "the expert GEMMs are the work a layer exists for, the rest (norm, gate and top-k, permute, activation, combine) is "
                + "overhead that fusion and better kernels can win back.",
                results.Any(r => r.Profile is { TotalNs: > 0 }) ? [LayerPhaseChart.Render(results)] : [],
                "No profiled layer results in this run."),
            new("metrics", "Scenario and modeled metrics",
                "Results without timed samples that the device charts do not draw — serving scenarios, modeled scenarios, figures from an "
                + "external engine — one chart per metric they report, each bar labelled with its provenance and evaluator. Predicted "
                + "kernels and layers stand beside the measured ones in the Devices and Vendor comparison sections.",
                [.. MetricsWithoutSamples(results).Select(m => MetricBarChart.Render(m, [.. results.Where(OnlyInMetrics)]))],
                "No scenario or modeled results in this run."),
            new("history", "History",
                "Median time per run for each case and device given, oldest first; dashed verticals mark detected steps, shaded spans drifts (rate per run), "
                + "flat lines each segment's median.",
                [.. (model.History ?? []).Select(h => HistoryChart.Render(h))],
                "No history was given for this report."),
        };

        sections.Add(new("serving", "Serving",
            "Serving scenarios: latency against achieved throughput per rate sweep (p50 solid, p99 dashed, the SLO dotted; an "
            + "INVALID run crossed out in red), the TTFT and TPOT of every request as distributions, and what the engine batched "
            + "at each step.",
            ServingCharts.Build(model), "No serving results in this run."));

        return sections;
    }

    /// <summary>
    /// A result without timed samples that the device and vendor charts do not draw: a serving scenario, or a result
    /// without a time per invocation. A predicted kernel or layer stands beside the measured ones there instead.
    /// </summary>
    private static bool OnlyInMetrics(CaseResult r) =>
        r.SamplesNs.Count == 0 && (r.Case.Level == CaseLevel.Scenario || r.Metric(WellKnownMetrics.TimePerInvocation.Id) is null);

    /// <summary>Every metric of the ok results drawn only in the metrics section, in the order they first appear.</summary>
    private static IEnumerable<MetricDefinition> MetricsWithoutSamples(IReadOnlyList<CaseResult> results) =>
        results.Where(r => r.Status == ResultStatus.Ok && OnlyInMetrics(r))
            .SelectMany(r => r.AllMetrics)
            .Select(m => m.Definition)
            .DistinctBy(d => d.Id);
}
