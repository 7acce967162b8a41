using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MoeBench.Reporting.Charts;

/// <summary>
/// A log10 axis the ScottPlot 5 way: the chart plots log10 of its values, and this tick generator puts major ticks
/// on whole decades labelled with the real value plus log-spaced minor ticks (the cookbook's "Log Scale Tick
/// Marks" recipe). Limits are whole decades so every chart shows at least two labelled ticks.
/// </summary>
internal static class LogAxis
{
    public static void Apply(IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Label,
        };
    }

    /// <summary>Whole-decade range (log10 units) around the positive values, at least <paramref name="minDecades"/> wide.</summary>
    public static (double Lo, double Hi) DecadeRange(IEnumerable<double> values, int minDecades = 2)
    {
        var logs = values.Where(v => v > 0 && double.IsFinite(v)).Select(Math.Log10).ToList();
        if (logs.Count == 0)
        {
            return (0, minDecades);
        }

        var lo = Math.Floor(logs.Min());
        var hi = Math.Ceiling(logs.Max());
        while (hi - lo < minDecades)
        {
            hi++;
            if (hi - lo < minDecades)
            {
                lo--;
            }
        }

        return (lo, hi);
    }

    /// <summary>Labels the decade a log10 tick stands for: 0.01, 1, 100, 10k, 1M; 1e-6 beyond that.</summary>
    public static string Label(double exponent)
    {
        var e = (int)Math.Round(exponent);
        return e switch
        {
            < -4 or > 14 => string.Create(CultureInfo.InvariantCulture, $"1e{e}"),
            < 0 => Math.Pow(10, e).ToString("0.####", CultureInfo.InvariantCulture),
            < 3 => Math.Pow(10, e).ToString("0", CultureInfo.InvariantCulture),
            < 6 => string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, e - 3):0}k"),
            < 9 => string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, e - 6):0}M"),
            < 12 => string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, e - 9):0}G"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, e - 12):0}T"),
        };
    }
}
