using System.Globalization;
using MoeBench.Core.Results;
using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// Tokens routed to each expert of one layer case, in expert-id order. Id order, not sorted by load: routing is
/// seeded and replayable, so "expert 5 is hot" is a fact that lines up across runs and devices, while the shape
/// a sorted view would show is already summarised by max/mean and CV in the title. Experts above the mean are
/// coloured apart, since the busiest expert sets how long the grouped GEMM waits.
/// </summary>
public static class ExpertLoadChart
{
    public static ChartImage Render(CaseResult layerResult)
    {
        ArgumentNullException.ThrowIfNull(layerResult);
        var load = layerResult.Load ?? throw new ArgumentException($"result of {layerResult.Case.Label} has no expert load", nameof(layerResult));
        var counts = load.TokensPerExpert;
        var mean = counts.Count > 0 ? counts.Average() : 0;
        var stats = string.Create(CultureInfo.InvariantCulture,
            $"max/mean {load.MaxOverMean:0.00} · CV {load.CoefficientOfVariation:0.00} · dropped {load.DroppedTokens} · {counts.Count} experts");
        // Whole: ChartStyle wraps titles to the canvas by measured width, and a cut label could lose the parameter that matters.
        var title = $"Expert load: {layerResult.Case.Label}\n{stats}";
        var plot = ChartStyle.NewPlot(title, "expert id", "tokens routed to the expert");

        var hot = new List<Bar>();
        var rest = new List<Bar>();
        // Outlines of a hundred thin bars would turn the chart black; few wide bars keep theirs.
        var outline = counts.Count > 32 ? 0f : 1f;
        for (var e = 0; e < counts.Count; e++)
        {
            (counts[e] > mean ? hot : rest).Add(new Bar { Position = e, Value = counts[e], Size = 0.8, LineWidth = outline });
        }

        var restBars = plot.Add.Bars(rest);
        restBars.Color = ChartStyle.SeriesColor(0);
        restBars.LegendText = "at or below mean";
        var hotBars = plot.Add.Bars(hot);
        hotBars.Color = ChartStyle.SeriesColor(1);
        hotBars.LegendText = "above mean";
        var meanLine = plot.Add.HorizontalLine(mean, 2, Colors.Black, LinePattern.Dashed);
        meanLine.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean {mean:0.#} tokens");

        if (counts.Count <= 32)
        {
            // Few experts: label every one, as a reader looks a specific expert up.
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, counts.Count).Select(i => (double)i)], [.. Enumerable.Range(0, counts.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
        }

        var top = counts.Count > 0 ? Math.Max(counts.Max(), mean) : 1;
        plot.Axes.SetLimits(-0.6, Math.Max(counts.Count - 0.4, 0.6), 0, Math.Max(top, 1) * 1.12);
        ChartStyle.LegendOutside(plot);
        var stem = $"expert-load-{layerResult.Case.Id}";
        return ChartStyle.Render(plot, stem, $"Expert load: {layerResult.Case.Label}");
    }
}
