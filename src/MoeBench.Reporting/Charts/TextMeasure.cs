using SkiaSharp;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// Measures chart text in the font the charts draw it with (<see cref="ChartStyle.FontName"/>), so a label is wrapped to
/// the pixels it has rather than to a guessed character count: DejaVu's "m" is twice as wide as its "1".
/// </summary>
internal static class TextMeasure
{
    /// <summary>Below this many characters a line holds less than one key=value pair; narrower room is not wrapped further.</summary>
    private const int MinChars = 8;

    /// <summary>Held for the life of the process: every chart measures with it, and a typeface is immutable.</summary>
    private static readonly SKTypeface Typeface = SKTypeface.FromFamilyName(ChartStyle.FontName);

    public static float Width(string line, float fontSize)
    {
        using var font = new SKFont(Typeface, fontSize);
        return font.MeasureText(line);
    }

    /// <summary>
    /// Each line of <paramref name="text"/> wrapped at spaces (<see cref="TextWrap"/>) into the longest lines no wider than
    /// <paramref name="maxPx"/>; a line already narrow enough is kept whole.
    /// </summary>
    public static string WrapToWidth(string text, float fontSize, float maxPx, int maxLines = int.MaxValue) =>
        string.Join('\n', text.Split('\n').Select(line => WrapLine(line, fontSize, maxPx, maxLines)));

    private static string WrapLine(string line, float fontSize, float maxPx, int maxLines)
    {
        for (var chars = line.Length; chars > MinChars; chars--)
        {
            var wrapped = TextWrap.Wrap(line, chars, maxLines);
            if (wrapped.Split('\n').All(l => Width(l, fontSize) <= maxPx))
            {
                return wrapped;
            }
        }

        return TextWrap.Wrap(line, MinChars, maxLines);
    }
}
