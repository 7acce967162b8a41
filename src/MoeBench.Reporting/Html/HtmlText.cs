using System.Globalization;
using System.Text;
using MoeBench.Reporting.Charts;

namespace MoeBench.Reporting.Html;

/// <summary>
/// The only ways text and numbers enter the page: everything escaped (case labels and failure reasons are user
/// data — a suite may name a case <c>&lt;script&gt;</c>), every number in the invariant culture.
/// </summary>
internal static class HtmlText
{
    /// <summary>
    /// Escapes for element content and double-quoted attributes alike: the five HTML-special characters only.
    /// (WebUtility.HtmlEncode would also turn "µs" into "&amp;#181;s", which is valid but makes the source hard to read.)
    /// </summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text ?? "";
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            var entity = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            _ = entity is null ? sb.Append(c) : sb.Append(entity);
        }

        return sb.ToString();
    }

    /// <summary>A sort key for <c>data-value</c>: round-trippable, invariant; empty when there is no number.</summary>
    public static string Key(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>Three significant digits, with k from 10 000 and M, G from a million (tokens/s reach millions); an en dash when there is no number.</summary>
    public static string Num(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "–";
        }

        return Math.Abs(v) switch
        {
            >= 1e9 => TimeUnit.Significant(v / 1e9) + "G",
            >= 1e6 => TimeUnit.Significant(v / 1e6) + "M",
            >= 1e4 => TimeUnit.Significant(v / 1e3) + "k",
            _ => TimeUnit.Significant(v),
        };
    }

    public static string Time(double? ns) => ns is { } v && double.IsFinite(v) ? TimeUnit.Format(v) : "–";

    /// <summary>Relative errors span 1e-9 to 1e-3: scientific notation keeps them comparable by eye.</summary>
    public static string Sci(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0e+0", CultureInfo.InvariantCulture) : "–";

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset? when) =>
        when is { } w ? w.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>A CSS class from data (a verdict, a status): lower-case letters and dashes only.</summary>
    public static string Css(string text) =>
        new([.. text.ToLowerInvariant().Where(c => char.IsAsciiLetterLower(c) || c == '-')]);
}
