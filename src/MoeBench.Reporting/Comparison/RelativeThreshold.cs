using System.Globalization;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// A relative effect such as "3%": typed so that no percentage travels as a string or a bare double through the
/// decision logic (Perfolizer's <c>Threshold</c> plays this role in BenchmarkDotNet). Parses "3%" or "0.03".
/// </summary>
public readonly record struct RelativeThreshold
{
    public RelativeThreshold(double fraction)
    {
        if (!double.IsFinite(fraction) || fraction < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a relative threshold is a finite fraction >= 0");
        }

        Fraction = fraction;
    }

    /// <summary>The effect as a fraction: 0.03 for 3%.</summary>
    public double Fraction { get; }

    /// <summary>The same effect on the log scale the comparison works in: ln(1 + fraction).</summary>
    public double LogRatio => Math.Log(1 + Fraction);

    public static bool TryParse(string? text, out RelativeThreshold threshold)
    {
        threshold = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value < 0)
        {
            return false;
        }

        threshold = new RelativeThreshold(percent ? value / 100 : value);
        return true;
    }

    public static RelativeThreshold Parse(string text) => TryParse(text, out var t)
        ? t
        : throw new FormatException($"'{text}' is not a relative threshold (expected e.g. '3%' or '0.03')");

    public override string ToString() => (Fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
