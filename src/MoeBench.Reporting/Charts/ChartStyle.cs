using ScottPlot;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// The look every report chart shares, kept in one place so the charts read as one family. Sizes are chosen for
/// a page column about 1000 px wide: ScottPlot's defaults (12 px ticks, serif) are too small to read there.
/// </summary>
internal static class ChartStyle
{
    public const int Width = 1000;
    public const int Height = 560;

    /// <summary>DejaVu is what the CI image ships (fonts-dejavu-core); Skia falls back to any sans font elsewhere.</summary>
    public const string FontName = "DejaVu Sans";

    public const float TitleSize = 19;

    /// <summary>A title's lines keep this far from either edge of the canvas.</summary>
    private const int TitleMargin = 20;

    /// <summary>Room between the wrapped labels of neighbouring ticks.</summary>
    private const float TickGap = 10;

    /// <summary>Colour-blind-safe, high-contrast series colours (Tableau 10, which is ScottPlot's Category10).</summary>
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static Color SeriesColor(int index) => Palette.GetColor(index);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 13;
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Invariant };
        }

        plot.Legend.FontSize = 13;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        return plot;
    }

    /// <summary>ScottPlot's default tick labels follow the current culture ("0,5" under de-DE); ours never do (+0.0 turns -0 into 0).</summary>
    private static string Invariant(double value) =>
        (Math.Round(value, 9) + 0.0).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Renders both formats and disposes the plot (it holds native Skia resources).</summary>
    public static ChartImage Render(Plot plot, string fileStem, string title, int width = Width, int height = Height)
    {
        using (plot)
        {
            FitTitle(plot, width, height);
            var png = plot.GetImageBytes(width, height, ImageFormat.Png);

            // Skia's SVG canvas has no path effects: a dashed line or a hatched bar prints "Unsupported path effect in
            // addPaint." to stderr and is drawn solid anyway. The SVG is drawn so from the start, without the noise;
            // legends still name what the dashes and hatches mark in the PNG.
            foreach (var line in plot.GetPlottables().OfType<IHasLine>())
            {
                line.LineStyle.Pattern = LinePattern.Solid;
            }

            foreach (var bar in plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().SelectMany(p => p.Bars))
            {
                bar.FillHatch = null;
            }

            var svg = plot.GetSvgXml(width, height);
            return new ChartImage(fileStem, title, png, svg, width, height);
        }
    }

    /// <summary>
    /// Wraps the title so that every line stays on the canvas. ScottPlot centres the title over the data area, which a
    /// legend on the right moves left, so a line may be at most twice the distance from that centre to the nearer edge.
    /// (<c>TitlePanel.FullFigureCenter</c> would centre it on the canvas, but in 5.1.59 it still shifts it left.)
    /// </summary>
    private static void FitTitle(Plot plot, int width, int height)
    {
        plot.RenderInMemory(width, height);
        var data = plot.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        var room = (2 * Math.Min(centre, width - centre)) - (2 * TitleMargin);
        var label = plot.Axes.Title.Label;
        label.Text = TextMeasure.WrapToWidth(label.Text, label.FontSize, room);
    }

    /// <summary>
    /// Labels the bottom axis at 0, 1, … with <paramref name="labels"/>, each wrapped to the width one tick has: the data
    /// area's width (laid out once with everything else already on the plot, legend included) over the number of ticks.
    /// </summary>
    public static void WrapBottomTicks(Plot plot, IReadOnlyList<string> labels, float fontSize, int maxLines, int width = Width, int height = Height)
    {
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize;
        plot.RenderInMemory(width, height);
        var room = (plot.LastRender.DataRect.Width / Math.Max(labels.Count, 1)) - TickGap;
        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, labels.Count).Select(i => (double)i)],
            [.. labels.Select(label => TextMeasure.WrapToWidth(label, fontSize, room, maxLines))]);
    }

    /// <summary>Legend outside the data area, on the right, so it never hides a bar or a point.</summary>
    public static void LegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>
    /// Makes a string safe as part of a file name: case labels and device ids carry '/', ':', '@' and spaces.
    /// </summary>
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Length == 0 ? "chart" : slug[..Math.Min(slug.Length, 60)];
    }
}
