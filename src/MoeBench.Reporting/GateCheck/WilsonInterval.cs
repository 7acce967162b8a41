using MoeBench.Core.Results;

namespace MoeBench.Reporting.GateCheck;

/// <summary>
/// The Wilson score interval of a proportion (Wilson 1927): with the 20 pairs of a gate check, 1 false alarm reads as
/// 5% with a 95% interval of 0.9–24%, and 0 as 0–16%. Brown, Cai and DasGupta (Statistical Science 16(2), 2001)
/// recommend it over the textbook Wald interval, which collapses to a point at 0 or n successes — exactly where a
/// good gate's figures lie.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z of a two-sided 95% interval.</summary>
    private const double Z = 1.959963984540054;

    public static MetricInterval Of(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        var p = (double)successes / trials;
        var z2 = Z * Z;
        var centre = (p + (z2 / (2 * trials))) / (1 + (z2 / trials));
        var half = Z / (1 + (z2 / trials)) * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return new MetricInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
