using System.Text;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>
/// Writes the HTML report of one run: <c>index.html</c>, self-contained (charts inline as base64 PNG, inline
/// style and script), and every chart beside it as <c>.png</c> and <c>.svg</c> for slides, PR comments and zoom.
/// </summary>
public static class ReportWriter
{
    public const string IndexFileName = "index.html";

    public static ReportFiles Write(ReportModel model, string outDir)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        Directory.CreateDirectory(outDir);

        var sections = Unique(ReportCharts.Build(model));
        var files = new List<string>();
        foreach (var chart in sections.SelectMany(s => s.Charts))
        {
            var png = Path.Combine(outDir, chart.FileStem + ".png");
            var svg = Path.Combine(outDir, chart.FileStem + ".svg");
            File.WriteAllBytes(png, chart.Png);
            File.WriteAllText(svg, chart.Svg, new UTF8Encoding(false));
            files.Add(png);
            files.Add(svg);
        }

        var index = Path.Combine(outDir, IndexFileName);
        File.WriteAllText(index, HtmlPage.Build(model, sections), new UTF8Encoding(false));
        return new ReportFiles(index, files);
    }

    /// <summary>Two charts may slug to the same stem (two history series of similar labels): number the later ones.</summary>
    private static List<ChartSection> Unique(IReadOnlyList<ChartSection> sections)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string Stem(string stem)
        {
            var candidate = stem;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{stem}-{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }

            return candidate;
        }

        return [.. sections.Select(s => s with { Charts = [.. s.Charts.Select(c => c with { FileStem = Stem(c.FileStem) })] })];
    }
}
