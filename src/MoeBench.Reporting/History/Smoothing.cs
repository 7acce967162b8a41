using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.History;

/// <summary>Robust pre-processing before segmentation: a day-of-week pattern removed, isolated outliers replaced.</summary>
internal static class Smoothing
{
    /// <summary>Nightly runners differ by day of week (other jobs, backups): the one period looked for.</summary>
    internal const int Week = 7;

    /// <summary>Wider than the longest outlier burst handled (3 points): a running median of 7 ignores it.</summary>
    private const int Window = 7;

    /// <summary>A point this many σ from its running median is an outlier (Hampel's identifier; Pearson 2002 uses 3).</summary>
    private const double OutlierSigmas = 4;

    /// <summary>
    /// The series less its weekly pattern, when it has one: each phase's median residual from a running median over one
    /// week (which is blind to the pattern), kept when its mean square is at least four times what noise alone gives
    /// a median of that many points (π/2·σ²/m) and a tenth of σ². Needs four weeks; otherwise the series is returned as is.
    /// </summary>
    public static double[] WithoutWeeklyPattern(double[] values)
    {
        var n = values.Length;
        if (n < 4 * Week)
        {
            return values;
        }

        var level = RunningMedian(values, Week);
        var residual = values.Select((v, t) => v - level[t]).ToArray();
        var profile = Enumerable.Range(0, Week).Select(p => RobustEstimators.Median([.. residual.Where((_, t) => t % Week == p)])).ToArray();
        var mean = profile.Average();
        for (var p = 0; p < Week; p++)
        {
            profile[p] -= mean;
        }

        // A point that is its own window's median has a residual of exactly 0, by construction rather than by noise:
        // about one point in seven. Counted, they pulled the MAD low and let noise pass for a pattern (independent
        // noise, 400 seeds: the pattern "found" on 44 series of 30 points and 24 of 40; without them 27 and 7).
        var left = RobustEstimators.Sigma([.. residual.Select((r, t) => (r, t)).Where(p => p.r != 0).Select(p => p.r - profile[p.t % Week])]);
        var meanSquare = profile.Average(p => p * p);
        var perPhase = n / (double)Week;
        var noiseOnly = Math.PI / 2 * left * left / perPhase;
        return meanSquare >= Math.Max(4 * noiseOnly, 0.1 * left * left) && meanSquare > 0
            ? [.. values.Select((v, t) => v - profile[t % Week])]
            : values;
    }

    /// <summary>Points more than <see cref="OutlierSigmas"/>·σ from the running median of 7 are replaced by that median.</summary>
    public static double[] WithoutOutliers(double[] values, double sigma)
    {
        if (values.Length < Window)
        {
            return values;
        }

        var level = RunningMedian(values, Window);
        return [.. values.Select((v, t) => Math.Abs(v - level[t]) > OutlierSigmas * sigma ? level[t] : v)];
    }

    /// <summary>Centred running median; the window shrinks to fit at either end.</summary>
    private static double[] RunningMedian(double[] values, int window)
    {
        var half = window / 2;
        return
        [
            .. values.Select((_, t) =>
            {
                var from = Math.Max(0, t - half);
                var to = Math.Min(values.Length, t + half + 1);
                return RobustEstimators.Median(values[from..to]);
            }),
        ];
    }
}
