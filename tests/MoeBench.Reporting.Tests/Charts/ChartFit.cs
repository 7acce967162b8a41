using System.Globalization;
using System.Xml.Linq;
using MoeBench.Reporting.Charts;
using SkiaSharp;

namespace MoeBench.Reporting.Tests.Charts;

/// <summary>Where one text element of a chart is drawn: its ink box in canvas pixels and the area it may use.</summary>
internal sealed record TextBox(string Text, SKRect Ink, SKRect Allowed);

/// <summary>
/// Checks that a chart's text fits: every text element of its SVG copy — title, axis labels, tick labels, legend entries,
/// annotations — measured with the font and size the SVG names (the font the chart was drawn with), placed by the
/// SVG's own glyph positions and transform, lies inside the canvas and inside the clip rectangle of its group (text in
/// the data area is cut at its edge), and no two texts overlap. The SVG and the PNG are drawn from one plot, so
/// the SVG's layout is the PNG's.
/// </summary>
internal static class ChartFit
{
    /// <summary>Anti-aliasing and rounding: a glyph may touch an edge by a pixel.</summary>
    private const float Tolerance = 1f;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static void AssertFits(ChartImage chart)
    {
        var problems = Problems(chart.Svg);
        Assert.True(problems.Count == 0, $"{chart.FileStem}: text does not fit:\n{string.Join('\n', problems)}");
    }

    public static IReadOnlyList<string> Problems(string svg)
    {
        var boxes = TextBoxes(svg);
        var problems = new List<string>();
        foreach (var box in boxes)
        {
            var room = SKRect.Inflate(box.Allowed, Tolerance, Tolerance);
            if (!room.Contains(box.Ink))
            {
                problems.Add($"'{box.Text}' at {Describe(box.Ink)} leaves {Describe(box.Allowed)}");
            }
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var a = SKRect.Inflate(boxes[i].Ink, -Tolerance, -Tolerance);
                if (a.IntersectsWith(SKRect.Inflate(boxes[j].Ink, -Tolerance, -Tolerance)))
                {
                    problems.Add($"'{boxes[i].Text}' at {Describe(boxes[i].Ink)} overlaps '{boxes[j].Text}' at {Describe(boxes[j].Ink)}");
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<TextBox> TextBoxes(string svg)
    {
        var doc = XDocument.Parse(svg);
        var root = doc.Root!;
        var canvas = SKRect.Create(Number(root.Attribute("width")!.Value), Number(root.Attribute("height")!.Value));
        var clips = root.Descendants(Svg + "clipPath")
            .Where(c => c.Elements().Count() == 1 && c.Elements().Single().Name == Svg + "rect")
            .ToDictionary(c => (string)c.Attribute("id")!, c => Rect(c.Elements().Single()));
        var boxes = new List<TextBox>();
        foreach (var text in root.Descendants(Svg + "text"))
        {
            var content = text.Value.Trim();
            if (content.Length == 0)
            {
                continue;
            }

            var allowed = canvas;
            foreach (var group in text.Ancestors(Svg + "g"))
            {
                if ((string?)group.Attribute("clip-path") is { } url && clips.TryGetValue(url["url(#".Length..^1], out var clip))
                {
                    allowed = SKRect.Intersect(allowed, clip);
                }
            }

            boxes.Add(new TextBox(content, Ink(text, content), allowed));
        }

        return boxes;
    }

    /// <summary>The text's ink bounds, measured with its font, moved to its first glyph and through its transform.</summary>
    private static SKRect Ink(XElement text, string content)
    {
        using var typeface = SKTypeface.FromFamilyName((string?)text.Attribute("font-family"));
        using var font = new SKFont(typeface, Number((string)text.Attribute("font-size")!));
        font.MeasureText(content, out var bounds);
        var x = Numbers((string?)text.Attribute("x")).DefaultIfEmpty(0).First();
        var y = Numbers((string?)text.Attribute("y")).DefaultIfEmpty(0).First();
        var local = SKRect.Create(x + bounds.Left, y + bounds.Top, bounds.Width, bounds.Height);
        var matrix = Transform((string?)text.Attribute("transform"));
        return matrix.MapRect(local);
    }

    /// <summary>The two forms Skia's SVG canvas writes: <c>translate(x y)</c> and <c>matrix(a b c d e f)</c>.</summary>
    private static SKMatrix Transform(string? transform)
    {
        if (transform is null)
        {
            return SKMatrix.Identity;
        }

        var open = transform.IndexOf('(', StringComparison.Ordinal);
        var args = Numbers(transform[(open + 1)..transform.IndexOf(')', StringComparison.Ordinal)].Replace(' ', ',')).ToArray();
        return transform[..open] switch
        {
            "translate" => SKMatrix.CreateTranslation(args[0], args.Length > 1 ? args[1] : 0),
            "matrix" => new SKMatrix(args[0], args[2], args[4], args[1], args[3], args[5], 0, 0, 1),
            var other => throw new FormatException($"SVG transform '{other}' is not one the fit check reads"),
        };
    }

    private static SKRect Rect(XElement rect) => SKRect.Create(
        Number((string)rect.Attribute("x")!), Number((string)rect.Attribute("y")!), Number((string)rect.Attribute("width")!), Number((string)rect.Attribute("height")!));

    private static IEnumerable<float> Numbers(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Number);

    private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    private static string Describe(SKRect r) => string.Create(CultureInfo.InvariantCulture, $"[{r.Left:0},{r.Top:0}–{r.Right:0},{r.Bottom:0}]");
}
