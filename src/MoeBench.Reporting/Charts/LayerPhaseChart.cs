using System.Globalization;
using MoeBench.Core.Ops.Definitions;
using MoeBench.Core.Results;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// Where each layer case's time goes: one horizontal bar per (layer case, device), split into its phases as shares
/// of the profiled forward, the expert GEMMs in the palette's first colours and everything else after them. Shares,
/// not times, so a decode and a prefill layer read on one axis; the non-GEMM share — what fusion can win back —
/// is printed at the end of each bar.
/// </summary>
public static class LayerPhaseChart
{
    public static ChartImage Render(IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var profiled = results.Where(r => r.Profile is { TotalNs: > 0 })
            .OrderBy(r => r.Case.Name, StringComparer.Ordinal).ThenBy(r => r.Case.Label, StringComparer.Ordinal).ThenBy(r => r.Device.Id, StringComparer.Ordinal)
            .ToList();
        var phases = profiled.SelectMany(r => r.Profile!.Phases).GroupBy(p => p.Name).Select(g => (Name: g.Key, g.First().IsGemm))
            .OrderBy(p => p.IsGemm ? 0 : 1).ToList();
        var plot = ChartStyle.NewPlot("Layer time by phase (share of one profiled forward)", "share of layer time (%)", "");

        for (var i = 0; i < phases.Count; i++)
        {
            var bars = new List<Bar>();
            for (var row = 0; row < profiled.Count; row++)
            {
                var profile = profiled[row].Profile!;
                var before = Start(profile, phases, i);
                var share = profile.Phases.Where(p => p.Name == phases[i].Name).Sum(p => p.MedianNs) / profile.TotalNs * 100;
                bars.Add(new Bar { Position = row, ValueBase = before, Value = before + share, Size = 0.7, LineWidth = 0 });
            }

            var series = plot.Add.Bars(bars);
            series.Horizontal = true;
            series.Color = ChartStyle.SeriesColor(i);
            series.LegendText = phases[i].IsGemm ? $"{phases[i].Name} (GEMM)" : phases[i].Name;
        }

        for (var row = 0; row < profiled.Count; row++)
        {
            var note = plot.Add.Text(F($" {100 * profiled[row].Profile!.NonGemmShare:0.0}% non-GEMM"), 100, row);
            note.LabelFontSize = 11;
            note.LabelAlignment = Alignment.MiddleLeft;
        }

        // Wrapped to a third of the canvas: unwrapped, a quantised layer's label squeezes the bars and the legend off it.
        var labels = profiled.Select(r => TextMeasure.WrapToWidth(Label(r), plot.Axes.Left.TickLabelStyle.FontSize, ChartStyle.Width / 3f)).ToList();
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, profiled.Count).Select(i => (double)i)], [.. labels]);
        // Room right of 100% for the non-GEMM note; ticks stop at 100 so the note's margin does not read as a share.
        double[] ticks = [0, 20, 40, 60, 80, 100];
        plot.Axes.Bottom.SetTicks(ticks, [.. ticks.Select(t => F($"{t:0}"))]);
        plot.Axes.SetLimits(0, 160, profiled.Count - 0.5, -0.5);
        ChartStyle.LegendOutside(plot);
        var lines = labels.Select(l => l.Count(c => c == '\n') + 1).DefaultIfEmpty(1).Max();
        var height = Math.Max(ChartStyle.Height, 120 + (Math.Max(28, (16 * lines) + 10) * profiled.Count));
        return ChartStyle.Render(plot, "layer-phases", "Layer time by phase", height: height);
    }

    /// <summary>Where phase <paramref name="index"/>'s segment starts: the shares of the phases drawn before it.</summary>
    private static double Start(LayerProfile profile, IReadOnlyList<(string Name, bool IsGemm)> order, int index) =>
        order.Take(index).Sum(o => profile.Phases.Where(p => p.Name == o.Name).Sum(p => p.MedianNs)) / profile.TotalNs * 100;

    /// <summary>The parts of a layer case that tell its bars apart, short enough for an axis.</summary>
    private static string Label(CaseResult r)
    {
        var p = r.Case.Params;
        var parts = new List<string> { r.Case.Name, F($"t={new ParamValues(OpCatalog.Default.Layer.Schema, p).Whole("tokens")}") };
        foreach (var key in new[] { "routing", "weight_dtype", "group_size", "hot_experts", "capacity_factor", "zero_experts", "copy_experts", "const_experts" })
        {
            if (p.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { } text && text is not ("0" or "uniform" or "f32"))
            {
                parts.Add($"{key.Split('_')[0]}={text}");
            }
        }

        return $"{string.Join(' ', parts)} · {r.Device.Id}";
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
