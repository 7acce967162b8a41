using System.Globalization;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// A time unit picked for a set of values so axis numbers stay between about 1 and 1000 — "12.5 µs", never
/// "0.0000125 s" or "12500 ns". Used by charts (one unit per axis) and the HTML table (one per cell).
/// </summary>
public readonly record struct TimeUnit(string Symbol, double NanosecondsPerUnit)
{
    public static readonly TimeUnit Nanoseconds = new("ns", 1);
    public static readonly TimeUnit Microseconds = new("µs", 1e3);
    public static readonly TimeUnit Milliseconds = new("ms", 1e6);
    public static readonly TimeUnit Seconds = new("s", 1e9);

    /// <summary>The largest unit in which <paramref name="nanoseconds"/> is at least 1.</summary>
    public static TimeUnit For(double nanoseconds) => Math.Abs(nanoseconds) switch
    {
        >= 1e9 => Seconds,
        >= 1e6 => Milliseconds,
        >= 1e3 => Microseconds,
        _ => Nanoseconds,
    };

    public double FromNs(double nanoseconds) => nanoseconds / NanosecondsPerUnit;

    /// <summary><c>12.5 µs</c> — three significant digits, invariant culture.</summary>
    public static string Format(double nanoseconds)
    {
        var unit = For(nanoseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{Significant(unit.FromNs(nanoseconds))} {unit.Symbol}");
    }

    /// <summary>Three significant digits without exponent for the 0.001–99999 range the charts and tables use.</summary>
    public static string Significant(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var digits = Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 6);
        return Math.Round(value, digits).ToString("0.######", CultureInfo.InvariantCulture);
    }
}
