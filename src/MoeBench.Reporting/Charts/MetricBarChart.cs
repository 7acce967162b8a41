using System.Globalization;
using MoeBench.Core;
using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using ScottPlot;
using ScottPlot.Plottables;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// One metric across the results that carry it, a bar each: how scenario and modeled results (which have no timed
/// samples for the device chart) are drawn. Bars are coloured by provenance and evaluator, named in the legend, so a
/// prediction is never read as a measurement; whiskers show the metric's interval where it has one.
/// </summary>
public static class MetricBarChart
{
    public static ChartImage Render(MetricDefinition metric, IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(results);
        var rows = results
            .Select(r => (Result: r, Metric: r.Metric(metric.Id)))
            .Where(p => p.Metric is { } m && double.IsFinite(m.Value))
            .Select(p => (p.Result, Metric: p.Metric!))
            .ToList();
        var title = MetricText.Heading(metric);
        var plot = ChartStyle.NewPlot(title, "", $"{metric.Id} ({metric.Unit})");

        var series = rows.Select(p => Provenance(p.Result)).Distinct(StringComparer.Ordinal).ToList();
        for (var s = 0; s < series.Count; s++)
        {
            var bars = rows
                .Select((p, i) => (p, i))
                .Where(x => Provenance(x.p.Result) == series[s])
                .Select(x => new Bar
                {
                    Position = x.i,
                    Value = x.p.Metric.Value,
                    Size = 0.7,
                    FillColor = ChartStyle.SeriesColor(s),
                    Label = x.p.Metric.Value.ToString("G4", CultureInfo.InvariantCulture),
                    LabelOffset = 10,
                })
                .ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s];
            plottable.Color = ChartStyle.SeriesColor(s);
        }

        var intervals = rows.Select((p, i) => (X: (double)i, p.Metric)).Where(x => x.Metric.Interval is not null).ToList();
        if (intervals.Count > 0)
        {
            plot.Add.Plottable(new ErrorBar(
                [.. intervals.Select(x => x.X)], [.. intervals.Select(x => x.Metric.Value)], null, null,
                [.. intervals.Select(x => Math.Max(x.Metric.Interval!.Value.Upper - x.Metric.Value, 0))],
                [.. intervals.Select(x => Math.Max(x.Metric.Value - x.Metric.Interval!.Value.Lower, 0))])
            {
                Color = Colors.Black,
                LineWidth = 1.5f,
                CapSize = 6,
                LegendText = "interval",
            });
        }

        var top = rows.Select(p => Math.Max(p.Metric.Value, p.Metric.Interval?.Upper ?? 0)).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(-0.5, Math.Max(rows.Count - 0.5, 0.5), 0, Math.Max(top, 1e-9) * 1.12);
        ChartStyle.LegendOutside(plot);
        var labels = DeviceComparisonChart.DistinctLabels([.. rows.Select(p => p.Result.Case)]);
        ChartStyle.WrapBottomTicks(plot, [.. rows.Select((p, i) => $"{labels[i]} on {p.Result.Device.Id}")], 13, 7);
        return ChartStyle.Render(plot, $"metric-{ChartStyle.Slug(metric.Id)}", title);
    }

    private static string Provenance(CaseResult r) => $"{r.Provenance.ToName()} ({r.Evaluator})";
}
