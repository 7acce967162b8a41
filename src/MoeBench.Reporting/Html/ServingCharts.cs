using System.Globalization;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The serving section's charts from the results themselves: a latency–throughput curve for TTFT and one for TPOT
/// per sweep (scenario results that differ only in <c>rate</c>), the per-request distributions of both, and a batch
/// timeline per result whose timeline the caller read from the store. INVALID runs are drawn and marked as such.
/// </summary>
internal static class ServingCharts
{
    /// <summary>Timelines are long; beyond this many, the stored records (results --json --timelines) have the rest.</summary>
    private const int MaxTimelines = 8;

    private const string Rate = "rate";

    public static IReadOnlyList<ChartImage> Build(ReportModel model)
    {
        var serving = model.Results
            .Where(r => r.Case.Level == CaseLevel.Scenario && r.Status != ResultStatus.Failed && r.Metric(WellKnownMetrics.TtftP50.Id) is not null)
            .ToList();
        var charts = new List<ChartImage>();
        if (model.Serving is { Count: > 0 } given)
        {
            charts.Add(LatencyThroughputChart.Render("Serving: latency vs throughput", given));
        }

        var sweeps = Sweeps(serving);
        if (sweeps.Count > 0)
        {
            charts.Add(Curve(sweeps, WellKnownMetrics.TtftP50, WellKnownMetrics.TtftP99, "ttft_slo_ms", "TTFT"));
            charts.Add(Curve(sweeps, WellKnownMetrics.TpotP50, WellKnownMetrics.TpotP99, "tpot_slo_ms", "TPOT"));
        }

        if (serving.Count > 0)
        {
            charts.Add(Distribution(serving, WellKnownMetrics.TtftP50, "ttft_slo_ms", "TTFT"));
            charts.Add(Distribution(serving, WellKnownMetrics.TpotP50, "tpot_slo_ms", "TPOT"));
        }

        var timelines = (model.ServingTimelines ?? []).Take(MaxTimelines).ToList();
        var labels = ShortLabels([.. timelines.Select(t => t.Result)]);
        charts.AddRange(timelines.Select((t, i) => BatchTimelineChart.Render(t.Result, t.Timeline, labels[i])));
        return charts;
    }

    /// <summary>
    /// Each result's scenario name with only the parameters that differ between the results drawn together
    /// (<c>server rate=2</c>): a full case label lists every default and would crowd the chart out of its legend.
    /// </summary>
    internal static IReadOnlyList<string> ShortLabels(IReadOnlyList<CaseResult> results)
    {
        static string Text(CaseResult r, string key) => r.Case.Params.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "";
        var differing = results.SelectMany(r => r.Case.Params.Keys).Distinct()
            .Where(k => results.Select(r => Text(r, k)).Distinct().Count() > 1)
            .ToList();
        return [.. results.Select(r => string.Join(' ', differing.Where(r.Case.Params.ContainsKey).Select(k => $"{k}={Text(r, k)}").Prepend(r.Case.Name)))];
    }

    /// <summary>Results with a rate that agree on every other parameter, in rising rate; two points at least.</summary>
    private static List<(string Name, List<CaseResult> Points)> Sweeps(List<CaseResult> serving) =>
    [
        .. serving.Where(r => r.Case.Params.ContainsKey(Rate) && r.Metric(WellKnownMetrics.ThroughputTokens.Id) is not null)
            .GroupBy(r => (r.Case.Name, Device: r.Device.Id, Others: string.Join(' ', r.Case.Params.Where(p => p.Key != Rate).Select(p => $"{p.Key}={p.Value}"))))
            .Where(g => g.Count() > 1)
            .Select(g => ($"{g.Key.Name} {Convert.ToString(g.First().Case.Params.GetValueOrDefault("model"), CultureInfo.InvariantCulture)} on {g.Key.Device}",
                g.OrderBy(r => r.Case.Params.GetDouble(Rate, 0)).ToList())),
    ];

    private static ChartImage Curve(List<(string Name, List<CaseResult> Points)> sweeps, MetricDefinition p50, MetricDefinition p99, string slo, string what)
    {
        var series = sweeps.Select(s => new LatencyThroughputSeries(
            s.Name,
            [.. s.Points.Select(r => r.Metric(WellKnownMetrics.ThroughputTokens.Id)!.Value)],
            [.. s.Points.Select(r => r.Metric(p50.Id)?.Value ?? double.NaN)],
            [.. s.Points.Select(r => r.Metric(p99.Id)?.Value ?? double.NaN)],
            [.. s.Points.Select(r => r.Status == ResultStatus.Invalid)])).ToList();
        return LatencyThroughputChart.Render($"Serving: {what} vs throughput", series, Slo(sweeps.SelectMany(s => s.Points), slo), $"serving-{what.ToLowerInvariant()}-throughput");
    }

    private static ChartImage Distribution(List<CaseResult> serving, MetricDefinition p50, string slo, string what)
    {
        var drawn = serving.Where(r => r.Metric(p50.Id) is { Samples.Count: > 0 }).ToList();
        var labels = ShortLabels(drawn);
        return LatencyDistributionChart.Render(
            what,
            [.. drawn.Select((r, i) => new LatencyDistribution(labels[i], r.Metric(p50.Id)!.Samples, r.Status == ResultStatus.Invalid))],
            Slo(serving, slo),
            $"serving-{what.ToLowerInvariant()}-distribution");
    }

    /// <summary>The limit the results share; none where they differ (one line would then mislead).</summary>
    private static double? Slo(IEnumerable<CaseResult> results, string parameter)
    {
        var limits = results.Select(r => r.Case.Params.GetDouble(parameter, double.NaN)).Distinct().ToList();
        return limits is [var one] && !double.IsNaN(one) ? one : null;
    }
}
