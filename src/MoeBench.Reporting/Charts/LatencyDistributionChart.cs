using System.Globalization;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>One serving run's per-request values of a latency (ms), labelled; <paramref name="Invalid"/> runs are drawn dashed.</summary>
public sealed record LatencyDistribution(string Label, IReadOnlyList<double> Ms, bool Invalid);

/// <summary>
/// The distribution of a per-request latency (TTFT, TPOT) over the requests of each serving run, as empirical CDFs:
/// a curve per run, so p50 and p99 read off the 0.5 and 0.99 lines and the tail shows where it starts; the SLO is a
/// vertical line, and the share of requests left of it is the run's attainment of that limit.
/// </summary>
public static class LatencyDistributionChart
{
    public static ChartImage Render(string metric, IReadOnlyList<LatencyDistribution> runs, double? sloMs, string fileStem)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plot = ChartStyle.NewPlot($"{metric} per request", $"{metric} (ms)", "share of requests at or below");
        for (var i = 0; i < runs.Count; i++)
        {
            var sorted = runs[i].Ms.Order().ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            var cdf = plot.Add.Scatter(sorted, [.. Enumerable.Range(1, sorted.Length).Select(k => (double)k / sorted.Length)], ChartStyle.SeriesColor(i));
            cdf.ConnectStyle = ConnectStyle.StepHorizontal;
            cdf.MarkerSize = 0;
            cdf.LineWidth = 2;
            cdf.LinePattern = runs[i].Invalid ? LinePattern.Dashed : LinePattern.Solid;
            cdf.LegendText = runs[i].Invalid ? $"{runs[i].Label} (INVALID)" : runs[i].Label;
        }

        if (sloMs is { } slo)
        {
            var line = plot.Add.VerticalLine(slo, 2, Colors.DarkRed, LinePattern.Dotted);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"SLO {slo:0.###} ms");
        }

        var maxX = runs.SelectMany(r => r.Ms).Append(sloMs ?? 0).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(0, Math.Max(maxX, 1e-9) * 1.05, 0, 1.02);
        ChartStyle.LegendOutside(plot);
        return ChartStyle.Render(plot, fileStem, $"{metric} per request");
    }
}
