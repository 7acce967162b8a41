using System.Globalization;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// One configuration's serving sweep: at each offered load, achieved throughput and the p50 / p99 latency.
/// Arrays are parallel and in sweep order (usually rising load).
/// </summary>
/// <param name="Invalid">Per point, whether its run was INVALID (LoadGen: a minimum missed or the server behind its
/// schedule); such points are drawn crossed out. Null: all valid.</param>
public sealed record LatencyThroughputSeries(
    string Name, IReadOnlyList<double> TokensPerSecond, IReadOnlyList<double> P50Ms, IReadOnlyList<double> P99Ms, IReadOnlyList<bool>? Invalid = null);

/// <summary>
/// The serving trade-off curve: latency against throughput, p50 solid and p99 dashed in one colour per
/// configuration, with an optional latency SLO line — the knee where p99 leaves the SLO is the usable capacity.
/// </summary>
public static class LatencyThroughputChart
{
    public static ChartImage Render(string title, IReadOnlyList<LatencyThroughputSeries> series, double? sloMs = null, string fileStem = "latency-throughput")
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartStyle.NewPlot(title, "throughput (tokens/s)", "latency (ms)");
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.TokensPerSecond.Count != s.P50Ms.Count || s.TokensPerSecond.Count != s.P99Ms.Count)
            {
                throw new ArgumentException($"series '{s.Name}': throughput, p50 and p99 differ in length", nameof(series));
            }

            var xs = s.TokensPerSecond.ToArray();
            var p50 = plot.Add.Scatter(xs, s.P50Ms.ToArray(), ChartStyle.SeriesColor(i));
            p50.LineWidth = 2;
            p50.MarkerSize = 8;
            p50.LegendText = $"{s.Name} p50";
            var p99 = plot.Add.Scatter(xs, s.P99Ms.ToArray(), ChartStyle.SeriesColor(i));
            p99.LineWidth = 2;
            p99.LinePattern = LinePattern.Dashed;
            p99.MarkerShape = MarkerShape.FilledTriangleUp;
            p99.MarkerSize = 9;
            p99.LegendText = $"{s.Name} p99";
            MarkInvalid(plot, s, i == 0);
        }

        if (sloMs is { } slo)
        {
            var line = plot.Add.HorizontalLine(slo, 2, Colors.DarkRed, LinePattern.Dotted);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"SLO {slo:0.###} ms");
        }

        plot.Axes.Margins(bottom: 0);
        var all = series.SelectMany(s => s.P99Ms.Concat(s.P50Ms)).Append(sloMs ?? 0).ToList();
        var maxX = series.SelectMany(s => s.TokensPerSecond).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(0, Math.Max(maxX, 1e-9) * 1.08, 0, Math.Max(all.Max(), 1e-9) * 1.12);
        ChartStyle.LegendOutside(plot);
        return ChartStyle.Render(plot, fileStem, title);
    }

    /// <summary>A red cross over both points of every INVALID run: shown, never mistaken for a valid measurement.</summary>
    private static void MarkInvalid(Plot plot, LatencyThroughputSeries s, bool withLegend)
    {
        var invalid = Enumerable.Range(0, s.TokensPerSecond.Count).Where(i => s.Invalid is { } flags && i < flags.Count && flags[i]).ToList();
        if (invalid.Count == 0)
        {
            return;
        }

        double[] xs = [.. invalid.Select(i => s.TokensPerSecond[i]), .. invalid.Select(i => s.TokensPerSecond[i])];
        double[] ys = [.. invalid.Select(i => s.P50Ms[i]), .. invalid.Select(i => s.P99Ms[i])];
        var marks = plot.Add.ScatterPoints(xs, ys, Colors.Red);
        marks.MarkerShape = MarkerShape.Eks;
        marks.MarkerSize = 18;
        marks.MarkerLineWidth = 3;
        marks.LegendText = withLegend ? "INVALID run" : "";
    }
}
