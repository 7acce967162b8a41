namespace MoeBench.Reporting.Charts;

/// <summary>
/// One rendered chart: the PNG the HTML page inlines and the SVG kept beside it for print and zoom. Plain data,
/// so a writer can save it, inline it or test it without touching ScottPlot.
/// </summary>
/// <param name="FileStem">File name without extension, unique within a report: <c>roofline-cpu</c>.</param>
/// <param name="Title">The chart's title, reused as the image's alt text.</param>
public sealed record ChartImage(string FileStem, string Title, byte[] Png, string Svg, int Width, int Height);
