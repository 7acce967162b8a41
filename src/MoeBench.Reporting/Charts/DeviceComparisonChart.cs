using MoeBench.Core;
using MoeBench.Core.Cases;
using MoeBench.Core.Results;
using ScottPlot;
using ScottPlot.Plottables;

namespace MoeBench.Reporting.Charts;

/// <summary>What the bars of a <see cref="DeviceComparisonChart"/> show.</summary>
public enum BarMetric
{
    /// <summary>Median time per invocation (lower is better), whiskers the median's 95% CI.</summary>
    Time,

    /// <summary>GFLOP/s from the cost model over the median time (higher is better), whiskers from the CI.</summary>
    Gflops,

    /// <summary>Share of the roof that bounds the case (higher is better; a modeled device's share of its own roofs).</summary>
    PctOfPeak,
}

/// <summary>One bar's source: a result and the series (device, backend or run) it is drawn in.</summary>
public sealed record SeriesResult(string Series, CaseResult Result);

/// <summary>
/// Grouped bars: one group per case, one bar per device (or run) with whiskers at the 95% confidence interval of
/// the median — overlapping whiskers mean "not clearly different". Each kernel op gets charts of its own (named in the
/// title), and cases are split further so that labels stay readable and one axis can show every bar of a chart. A result without timed samples (a prediction
/// from a device profile) is drawn from its time-per-invocation metric, without whiskers; a series that is not
/// measured is hatched and says its provenance in the legend, so it reads apart from measurements in grayscale too.
/// </summary>
public static class DeviceComparisonChart
{
    public const int DefaultMaxCasesPerChart = 6;

    /// <summary>
    /// Largest ratio between the biggest and smallest case of one chart: on a linear axis a bar under ~1/50 of the
    /// axis (~9 px) is a sliver even with its value printed on top, so a 5 ms GEMM and a 10 µs gate go to different
    /// charts.
    /// </summary>
    private const double MaxSpread = 50;

    /// <summary>One series per device; a modeled or simulated device says so in its series name.</summary>
    /// <param name="logScale">
    /// A log10 value axis (time and GFLOP/s only; % of peak stays linear): devices three decades apart — a CPU beside
    /// a modeled H100 — each keep a readable bar, and cases of any size share a chart.
    /// </param>
    public static IReadOnlyList<ChartImage> Render(
        IReadOnlyList<CaseResult> results, BarMetric metric = BarMetric.Time, int maxCasesPerChart = DefaultMaxCasesPerChart, string fileStemPrefix = "devices",
        bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Render([.. results.Select(r => new SeriesResult(SeriesName(r), r))], metric, maxCasesPerChart, fileStemPrefix, logScale);
    }

    public static IReadOnlyList<ChartImage> Render(
        IReadOnlyList<SeriesResult> results, BarMetric metric, int maxCasesPerChart, string fileStemPrefix = "devices", bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCasesPerChart, 1);
        var series = results.Select(r => r.Series).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cases = results
            .GroupBy(r => r.Result.Case.Id, StringComparer.Ordinal)
            .Select(g => new CaseBars(g.First().Result.Case, g.ToDictionary(r => r.Series, r => r.Result, StringComparer.Ordinal), metric))
            .OrderBy(c => c.Spec.Level).ThenBy(c => c.Peak).ThenBy(c => c.Spec.Label, StringComparer.Ordinal)
            .ToList();
        // A series holding any prediction or simulation is hatched: provenance shows on the bar, not only in the legend.
        var hatched = results.Where(r => r.Result.Provenance != Provenance.Measured).Select(r => r.Series).ToHashSet(StringComparer.Ordinal);
        var log = logScale && metric != BarMetric.PctOfPeak;
        var chunks = Pack(cases, maxCasesPerChart, log ? double.PositiveInfinity : MaxSpread);
        var charts = new List<ChartImage>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var level = chunks[i][0].Spec.Level;
            var page = PageOf(chunks[i][0].Spec);
            var samePage = chunks.Count(c => PageOf(c[0].Spec) == page);
            var part = samePage > 1 ? $" ({chunks.Take(i).Count(c => PageOf(c[0].Spec) == page) + 1}/{samePage})" : "";
            // Numbered over the level, not the page: file names stay devices-kernel-time-1, -2, … whatever the ops.
            var index = chunks.Take(i).Count(c => c[0].Spec.Level == level) + 1;
            var title = $"{page}: {What(metric)} per case and device{(metric == BarMetric.PctOfPeak ? "" : ", 95% CI whiskers")}{part}";
            var stem = $"{fileStemPrefix}-{level.ToName()}-{StemOf(metric)}-{index}";
            charts.Add(RenderChunk(chunks[i], series, hatched, metric, log, title, stem));
        }

        return charts;
    }

    private static string What(BarMetric metric) => metric switch
    {
        BarMetric.Time => "time per invocation",
        BarMetric.Gflops => "GFLOP/s",
        _ => "% of peak",
    };

    private static string StemOf(BarMetric metric) => metric switch
    {
        BarMetric.Time => "time",
        BarMetric.Gflops => "gflops",
        _ => "pct-of-peak",
    };

    private static string YLabel(BarMetric metric, TimeUnit unit) => metric switch
    {
        BarMetric.Time => $"median time per invocation ({unit.Symbol})",
        BarMetric.Gflops => "GFLOP/s (cost-model FLOPs / time)",
        _ => "% of the roof that bounds the case",
    };

    private static string SeriesName(CaseResult r) =>
        r.Provenance == Provenance.Measured ? r.Device.Id : $"{r.Device.Id} ({r.Provenance.ToName()})";

    /// <summary>
    /// What one chart holds: one kernel op (a 5 ms GEMM and a 10 µs permute never share an axis, and their labels share
    /// the op's name), all MoE layers, or all scenarios.
    /// </summary>
    private static string PageOf(CaseSpec spec) => spec.Level switch
    {
        CaseLevel.Kernel => $"Kernel {spec.Name}",
        CaseLevel.Layer => "MoE layers",
        _ => "Scenarios",
    };

    /// <summary>
    /// Greedy over cases sorted by page and size: a new chart at a new page (<see cref="PageOf"/>), at the case cap, or
    /// when the spread grows too wide. Within a chart, cases go back to name order so related ones stand together.
    /// </summary>
    private static List<List<CaseBars>> Pack(List<CaseBars> cases, int maxCases, double maxSpread)
    {
        var chunks = new List<List<CaseBars>>();
        foreach (var c in cases.Where(c => c.Peak > 0 || c.HasFailure).OrderBy(c => c.Spec.Level).ThenBy(c => PageOf(c.Spec), StringComparer.Ordinal))
        {
            var last = chunks.Count > 0 ? chunks[^1] : null;
            var fits = last is not null && last.Count < maxCases && PageOf(last[0].Spec) == PageOf(c.Spec) && Spread(last, c) <= maxSpread;
            if (fits)
            {
                last!.Add(c);
            }
            else
            {
                chunks.Add([c]);
            }
        }

        return [.. chunks.Select(c => c.OrderBy(x => x.Spec.Name, StringComparer.Ordinal).ThenBy(x => x.Spec.Label, StringComparer.Ordinal).ToList())];
    }

    private static double Spread(List<CaseBars> chunk, CaseBars next)
    {
        var peaks = chunk.Append(next).Select(c => c.Peak).Where(p => p > 0).ToList();
        return peaks.Count == 0 ? 1 : peaks.Max() / peaks.Min();
    }

    private static ChartImage RenderChunk(
        List<CaseBars> chunk, List<string> series, HashSet<string> hatched, BarMetric metric, bool log, string title, string stem)
    {
        var peak = chunk.Max(c => c.PeakUpper);
        var unit = TimeUnit.For(peak);
        var yLabel = YLabel(metric, unit) + (log ? ", log scale" : "");
        var scale = metric == BarMetric.Time ? 1 / unit.NanosecondsPerUnit : 1;
        var plot = ChartStyle.NewPlot(title, "case", yLabel);
        // On a log axis bars stand on the decade below the smallest value, and each value is plotted as its log10. The
        // range follows the bars, not the whiskers: a noisy interval's far end (a rate at a near-zero time) runs off the top.
        var (floor, ceiling) = log
            ? LogAxis.DecadeRange(chunk.SelectMany(c => c.BySeries.Values.Select(c.Value)).OfType<(double Mid, double Lo, double Hi)>()
                .Select(v => v.Mid * scale), minDecades: 1)
            : (0, 0);
        double Y(double value) => log ? Math.Log10(Math.Max(value, Math.Pow(10, floor))) : value;
        var width = 0.8 / series.Count;
        var whiskers = new List<(double X, double Y, double Lo, double Hi)>();
        var values = new List<(double X, double Top, string Label)>();
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < chunk.Count; i++)
            {
                var x = i + ((s - ((series.Count - 1) / 2.0)) * width);
                if (!chunk[i].BySeries.TryGetValue(series[s], out var r))
                {
                    continue;
                }

                if (chunk[i].Value(r) is { } v)
                {
                    // The value on top: a small bar next to a tall one is still read exactly.
                    bars.Add(new Bar
                    {
                        Position = x,
                        Value = Y(v.Mid * scale),
                        ValueBase = log ? floor : 0,
                        Size = width * 0.92,
                        FillColor = ChartStyle.SeriesColor(s),
                        FillHatch = hatched.Contains(series[s]) ? ModeledHatch : null,
                        FillHatchColor = Colors.White.WithAlpha(0.8),
                    });
                    if (v.Hi > v.Lo)
                    {
                        whiskers.Add((x, Y(v.Mid * scale), Y(v.Lo * scale), Y(v.Hi * scale)));
                    }

                    // Above the whisker's upper end, not the bar's top: a wide interval would cross a label set on the bar.
                    values.Add((x, Y(Math.Max(v.Hi, v.Mid) * scale), TimeUnit.Significant(v.Mid * scale)));
                }
                else if (r.Status == ResultStatus.Failed)
                {
                    // Named: the failed series has no bar, so the legend alone cannot say whose run failed.
                    var text = plot.Add.Text($"{series[s]}: failed", x, log ? floor : 0);
                    text.LabelFontColor = Colors.DarkRed;
                    text.LabelFontSize = 12;
                    text.LabelRotation = -90;
                    text.LabelAlignment = Alignment.MiddleLeft;
                }
            }

            var plottable = plot.Add.Bars(bars);
            // The series name says "(modeled)": the SVG copy keeps no hatch (Skia's SVG canvas drops bitmap shaders).
            plottable.LegendText = series[s];
            plottable.Color = ChartStyle.SeriesColor(s);
        }

        foreach (var (x, top, label) in values)
        {
            // Seven devices' labels side by side fit at 10 px; the linear charts hold fewer bars a case.
            var text = plot.Add.Text(label, x, top);
            text.LabelFontSize = log ? 10 : 12;
            text.LabelAlignment = Alignment.LowerCenter;
            text.LabelOffsetY = -4;
        }

        if (whiskers.Count > 0)
        {
            var err = new ErrorBar(
                [.. whiskers.Select(w => w.X)], [.. whiskers.Select(w => w.Y)], null, null,
                [.. whiskers.Select(w => w.Hi - w.Y)], [.. whiskers.Select(w => w.Y - w.Lo)])
            {
                Color = Colors.Black,
                LineWidth = 1.5f,
                CapSize = 6,
                LegendText = "95% CI of the median",
            };
            plot.Add.Plottable(err);
        }

        if (log)
        {
            // A third of a decade above the top for the value labels.
            plot.Axes.SetLimits(-0.5, chunk.Count - 0.5, floor, ceiling + 0.35);
            LogAxis.Apply(plot.Axes.Left);
        }
        else
        {
            plot.Axes.SetLimits(-0.5, chunk.Count - 0.5, 0, Math.Max(peak * scale, 1e-9) * 1.12);
        }

        ChartStyle.LegendOutside(plot);
        ChartStyle.WrapBottomTicks(plot, TickLabels([.. chunk.Select(c => c.Spec)]), 12, 7);
        return ChartStyle.Render(plot, stem, title);
    }

    /// <summary>The distinct labels, less the op's name on a kernel page: the title names it.</summary>
    private static List<string> TickLabels(List<CaseSpec> specs) =>
    [
        .. DistinctLabels(specs).Select((label, i) => specs[i].Level == CaseLevel.Kernel && label.Length > specs[i].Name.Length
            ? label[specs[i].Name.Length..].Trim()
            : label),
    ];

    /// <summary>
    /// Axis labels that tell one chart's bars apart: the case name and the parameters whose values differ between its
    /// cases. Parameters every bar shares (capacity_factor=0, dtype=f32, …) would otherwise fill the wrapped label's
    /// lines and cut off the ones that differ (tokens, routing); the full labels stay in the report's table.
    /// </summary>
    internal static IReadOnlyList<string> DistinctLabels(IReadOnlyList<CaseSpec> specs)
    {
        if (specs.Count < 2)
        {
            return [.. specs.Select(s => s.Label)];
        }

        var shared = specs[0].Params
            .Where(p => specs.All(s => s.Params.TryGetValue(p.Key, out var value) && Equals(value, p.Value)))
            .Select(p => p.Key)
            .ToHashSet();
        return [.. specs.Select(s => $"{s.Name} {new CaseParams(s.Params.Where(p => !shared.Contains(p.Key)))}".TrimEnd())];
    }

    /// <summary>Diagonal stripes over the series colour: the mark of a bar that was not measured.</summary>
    private static readonly ScottPlot.Hatches.Striped ModeledHatch = new();

    /// <summary>One case's results by series, with the bar value and whisker ends in the chart's metric.</summary>
    private sealed record CaseBars(CaseSpec Spec, Dictionary<string, CaseResult> BySeries, BarMetric Metric)
    {
        public bool HasFailure => BySeries.Values.Any(r => r.Status == ResultStatus.Failed);

        public double Peak => BySeries.Values.Select(Value).Max(v => v?.Mid ?? 0);

        public double PeakUpper => BySeries.Values.Select(Value).Max(v => v?.Hi ?? 0);

        public (double Mid, double Lo, double Hi)? Value(CaseResult r)
        {
            // The time metric, not the statistics: a prediction has a time but no samples (and no interval).
            // A pure data-movement op (permute) has no FLOPs: no GFLOP/s bar rather than a bar of zero.
            if (r.Status != ResultStatus.Ok || r.Metric(WellKnownMetrics.TimePerInvocation.Id) is not { Value: > 0 } time
                || (Metric == BarMetric.Gflops && r.Cost.Flops <= 0))
            {
                return null;
            }

            var (ns, lo, hi) = (time.Value, Math.Min(time.Interval?.Lower ?? time.Value, time.Value), Math.Max(time.Interval?.Upper ?? time.Value, time.Value));
            switch (Metric)
            {
                case BarMetric.Time:
                    return (ns, lo, hi);
                case BarMetric.PctOfPeak:
                    return r.Metrics is { PctOfPeak: var pct } && double.IsFinite(pct) ? (pct, pct, pct) : null;
                default:
                    // GFLOP/s is FLOPs over time, so the interval's upper time end gives the lower rate end.
                    double Rate(double t) => t > 0 ? r.Cost.Flops / t : 0;
                    return (Rate(ns), Rate(hi), Rate(Math.Max(lo, 1e-3)));
            }
        }
    }
}
