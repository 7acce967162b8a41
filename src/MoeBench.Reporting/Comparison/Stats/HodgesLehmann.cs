using Perfolizer.Mathematics.Distributions.ContinuousDistributions;
using Pragmastat;

namespace MoeBench.Reporting.Comparison.Stats;

/// <summary>A shift estimate with its confidence bounds.</summary>
public readonly record struct ShiftEstimate(double Shift, double Lower, double Upper);

/// <summary>
/// Hodges–Lehmann shift (median of all pairwise differences y − x) with Moses' distribution-free confidence
/// interval (order statistics of the same differences; Hollander &amp; Wolfe, Nonparametric Statistical Methods,
/// §4.3). Applied to log-times it estimates the log of the candidate/baseline ratio of medians; it is the
/// estimator behind Pragmastat's <c>Shift</c>, used by Perfolizer. Deterministic: no resampling.
/// </summary>
public static class HodgesLehmann
{
    /// <summary>
    /// Each side is thinned to at most this many evenly spaced order statistics, capping the pairs at 1e6
    /// (pooled <c>last:N</c> selections can hold thousands of samples); the quantile structure is kept.
    /// </summary>
    private const int MaxPerSide = 1_000;

    public static ShiftEstimate Estimate(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        var xs = Thin(x);
        var ys = Thin(y);
        var differences = new double[xs.Length * ys.Length];
        var index = 0;
        foreach (var yj in ys)
        {
            foreach (var xi in xs)
            {
                differences[index++] = yj - xi;
            }
        }

        Array.Sort(differences);
        double n = xs.Length, m = ys.Length, pairs = differences.Length;
        var shift = Median(differences);

        // Moses: the bounds are the C-th smallest and C-th largest differences, C = nm/2 − z·σ_U rounded down
        // (the large-sample critical value of U); index C − 1 here, 0-based. Below 1 the widest bounds are all
        // there is: such tiny samples cannot reach the confidence asked for.
        var z = NormalDistribution.Standard.Quantile(new Probability(1 - ((1 - confidence) / 2)));
        var c = (int)Math.Floor((pairs / 2) - (z * Math.Sqrt(n * m * (n + m + 1) / 12))) - 1;
        c = Math.Clamp(c, 0, (differences.Length - 1) / 2);
        return new ShiftEstimate(shift, differences[c], differences[differences.Length - 1 - c]);
    }

    private static double[] Thin(IReadOnlyList<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        if (sorted.Length <= MaxPerSide)
        {
            return sorted;
        }

        var thinned = new double[MaxPerSide];
        for (var i = 0; i < MaxPerSide; i++)
        {
            thinned[i] = sorted[(int)Math.Round(i * (sorted.Length - 1) / (double)(MaxPerSide - 1))];
        }

        return thinned;
    }

    private static double Median(double[] sorted) => sorted.Length % 2 == 1
        ? sorted[sorted.Length / 2]
        : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
