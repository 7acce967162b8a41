using MoeBench.Core.Results;
using MoeBench.Reporting.Comparison;
using ScottPlot;
using ScottPlot.Plottables;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// One run's value of one case's metric on one device (its median, for time per invocation in ns), oldest first in a
/// <see cref="HistoryChartSeries"/>.
/// </summary>
public sealed record HistoryChartPoint(long RunId, string Commit, double Median, double? CiLower = null, double? CiUpper = null);

/// <summary>A drift found in a history: first and last index into the chart's points, and its rate as text.</summary>
public sealed record HistoryChartDrift(int Start, int End, string Rate);

/// <summary>
/// A case's history on one device, with change points found elsewhere (the history engineer's detector).
/// </summary>
/// <param name="ChangePoints">Indices into <see cref="Points"/> of the first run after each change.</param>
/// <param name="Metric">What the points measure; time per invocation (ns, drawn in a readable time unit) when null.</param>
public sealed record HistoryChartSeries(
    string CaseLabel, string DeviceId, IReadOnlyList<HistoryChartPoint> Points, IReadOnlyList<int> ChangePoints, MetricDefinition? Metric = null)
{
    /// <summary>Spans where the case drifts, shaded with their rate.</summary>
    public IReadOnlyList<HistoryChartDrift> Drifts { get; init; } = [];
}

/// <summary>
/// A metric per run (median time by default) with its 95% CI, a vertical marker before each change point and, optionally, each
/// segment's median — the level the detector thinks the case sat at between changes.
/// </summary>
public static class HistoryChart
{
    /// <summary>Beyond this many runs only every k-th commit is labelled, or the labels overlap.</summary>
    private const int MaxLabels = 10;

    public static ChartImage Render(HistoryChartSeries series, bool showSegmentMedians = true, string? fileStem = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var pts = series.Points;
        var unit = AxisScale.For(series.Metric, pts.Count > 0 ? pts.Max(p => p.Median) : 1);
        // Whole: ChartStyle wraps titles to the canvas by measured width, and a cut label could lose the parameter that matters.
        var title = $"History: {series.CaseLabel} on {series.DeviceId}";
        var plot = ChartStyle.NewPlot(title, "run (short commit), oldest → newest", unit.AxisLabel);
        var xs = Enumerable.Range(0, pts.Count).Select(i => (double)i).ToArray();
        var ys = pts.Select(p => unit.Scale(p.Median)).ToArray();

        if (pts.Any(p => p.CiLower is not null && p.CiUpper is not null))
        {
            var err = new ErrorBar(
                xs, ys, null, null,
                [.. pts.Select((p, i) => unit.Scale(p.CiUpper ?? p.Median) - ys[i])],
                [.. pts.Select((p, i) => ys[i] - unit.Scale(p.CiLower ?? p.Median))])
            {
                Color = ChartStyle.SeriesColor(0).WithOpacity(0.6),
                CapSize = 5,
                LegendText = "95% CI of the median",
            };
            plot.Add.Plottable(err);
        }

        var line = plot.Add.Scatter(xs, ys, ChartStyle.SeriesColor(0));
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = "median";

        var changes = series.ChangePoints.Where(c => c > 0 && c < pts.Count).Distinct().Order().ToList();
        var (yLo, yHi) = YRange(pts, unit);
        foreach (var c in changes)
        {
            // Between the last run before the change and the first after it: the change happened in that gap.
            var v = plot.Add.VerticalLine(c - 0.5, 2, ChartStyle.SeriesColor(3), LinePattern.Dashed);
            v.LegendText = changes[0] == c ? "change point" : "";
            v.ExcludeFromLegend = changes[0] != c;
            var note = plot.Add.Text($"{ShortCommit(pts[c].Commit)} {StepText(ys, changes, c)}", c - 0.5, yHi);
            note.LabelFontSize = 13;
            note.LabelFontColor = ChartStyle.SeriesColor(3);
            note.LabelAlignment = Alignment.UpperLeft;
            note.LabelOffsetX = 4;
            note.LabelOffsetY = 4;
        }

        if (showSegmentMedians && pts.Count > 0)
        {
            AddSegmentMedians(plot, ys, changes);
        }

        AddDrifts(plot, series.Drifts, pts.Count, yLo);

        SetCommitTicks(plot, pts);
        plot.Axes.SetLimits(-0.6, Math.Max(pts.Count - 0.4, 0.6), yLo, yHi);
        ChartStyle.LegendOutside(plot);
        var stem = fileStem ?? $"history-{ChartStyle.Slug(series.DeviceId)}-{ChartStyle.Slug(series.CaseLabel)}";
        return ChartStyle.Render(plot, stem, $"History: {series.CaseLabel} on {series.DeviceId}");
    }

    private static void AddSegmentMedians(Plot plot, double[] ys, List<int> changes)
    {
        var bounds = changes.Prepend(0).Append(ys.Length).ToList();
        for (var s = 0; s + 1 < bounds.Count; s++)
        {
            var (from, to) = (bounds[s], bounds[s + 1]);
            var median = Median(ys[from..to]);
            var seg = plot.Add.ScatterLine(new[] { from - 0.4, to - 0.6 }, new[] { median, median }, ChartStyle.SeriesColor(1));
            seg.LineWidth = 3;
            seg.LegendText = s == 0 ? "segment median" : "";
        }
    }

    /// <summary>A shaded span per drift, its rate written at the bottom: a creep is one finding, not a chain of steps.</summary>
    private static void AddDrifts(Plot plot, IReadOnlyList<HistoryChartDrift> drifts, int count, double yLo)
    {
        foreach (var d in drifts.Where(d => d.Start >= 0 && d.End < count && d.End >= d.Start))
        {
            var span = plot.Add.HorizontalSpan(d.Start - 0.5, d.End + 0.5, ChartStyle.SeriesColor(2).WithOpacity(0.15));
            span.LegendText = drifts[0] == d ? "drift" : "";
            var note = plot.Add.Text($"drift {d.Rate}", d.Start - 0.5, yLo);
            note.LabelFontSize = 12;
            note.LabelFontColor = ChartStyle.SeriesColor(2);
            note.LabelAlignment = Alignment.LowerLeft;
            note.LabelOffsetX = 4;
            note.LabelOffsetY = -4;
        }
    }

    private static void SetCommitTicks(Plot plot, IReadOnlyList<HistoryChartPoint> pts)
    {
        // Seven-character hashes need ~70 px each: label every k-th run rather than overlap or rotate them;
        // the commit of each change point is written beside its marker anyway.
        var step = Math.Max(1, (int)Math.Ceiling(pts.Count / (double)MaxLabels));
        var idx = Enumerable.Range(0, pts.Count).Where(i => i % step == 0).ToList();
        plot.Axes.Bottom.SetTicks([.. idx.Select(i => (double)i)], [.. idx.Select(i => ShortCommit(pts[i].Commit))]);
    }

    /// <summary>
    /// Fitted to the data, not from zero: a 5% step is what this chart exists to show. Headroom on top keeps the
    /// change-point notes clear of the points.
    /// </summary>
    private static (double Lo, double Hi) YRange(IReadOnlyList<HistoryChartPoint> pts, AxisScale unit)
    {
        if (pts.Count == 0)
        {
            return (0, 1);
        }

        var lo = unit.Scale(pts.Min(p => Math.Min(p.CiLower ?? p.Median, p.Median)));
        var hi = unit.Scale(pts.Max(p => Math.Max(p.CiUpper ?? p.Median, p.Median)));
        var pad = Math.Max(hi - lo, hi * 0.02) * 0.3;
        return (Math.Max(0, lo - pad), hi + (pad * 2));
    }

    /// <summary>The step at a change point as the ratio of the segment medians either side: "+15.0%".</summary>
    private static string StepText(double[] ys, List<int> changes, int change)
    {
        var i = changes.IndexOf(change);
        var before = Median(ys[(i == 0 ? 0 : changes[i - 1])..change]);
        var after = Median(ys[change..(i + 1 < changes.Count ? changes[i + 1] : ys.Length)]);
        return before > 0 ? ((after / before) - 1).ToString("+0.0%;-0.0%", System.Globalization.CultureInfo.InvariantCulture) : "";
    }

    /// <summary>How values reach the y axis: times in a readable unit, any other metric in its own.</summary>
    private sealed record AxisScale(Func<double, double> Scale, string AxisLabel)
    {
        public static AxisScale For(MetricDefinition? metric, double largest)
        {
            if (metric is null || metric.Kind == MetricKind.TimePerInvocation)
            {
                var time = TimeUnit.For(largest);
                return new AxisScale(time.FromNs, $"median time per invocation ({time.Symbol})");
            }

            return new AxisScale(v => v, MetricText.Heading(metric));
        }
    }

    private static string ShortCommit(string commit) => commit.Length > 7 ? commit[..7] : commit;

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
