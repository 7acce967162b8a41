using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace MoeBench.Reporting.Comparison.Stats;

/// <summary>
/// Two-sided Mann–Whitney U (Wilcoxon rank-sum) test on raw samples: rank-based, so it survives the skew and
/// outliers of timing data, and it is the test asv and Pinpoint run on raw samples (reference doc). Exact null
/// distribution for small samples without ties (where the normal approximation is poor in the tails a strict
/// q-level needs); otherwise the normal approximation with tie and continuity corrections.
/// </summary>
public static class RankSumTest
{
    /// <summary>Above this many (n·m) pairs the exact distribution costs more than it is worth.</summary>
    private const int ExactMaxPairs = 2_500;

    /// <summary>P-value of "x and y come from the same distribution" against a shift either way.</summary>
    public static double TwoSidedPValue(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.Count, m = y.Count;
        if (n == 0 || m == 0)
        {
            return 1;
        }

        var (u, tieSum) = StatisticU(x, y);
        if (tieSum == 0 && (long)n * m <= ExactMaxPairs)
        {
            return ExactTwoSided(n, m, u);
        }

        double nm = (double)n * m, total = n + m;
        var mean = nm / 2;
        var variance = nm / 12 * (total + 1 - (tieSum / (total * (total - 1))));
        if (variance <= 0)
        {
            return 1; // every value tied: no evidence of any shift
        }

        var z = Math.Max(0, Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * NormalDistribution.Standard.Cdf(-z));
    }

    /// <summary>U of x (pairs with x above y, ties counting half) and Σ(t³ − t) over tie groups.</summary>
    private static (double U, double TieSum) StatisticU(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var all = new (double Value, bool FromX)[x.Count + y.Count];
        for (var i = 0; i < x.Count; i++)
        {
            all[i] = (x[i], true);
        }

        for (var j = 0; j < y.Count; j++)
        {
            all[x.Count + j] = (y[j], false);
        }

        Array.Sort(all, (a, b) => a.Value.CompareTo(b.Value));
        double rankSumX = 0, tieSum = 0;
        for (var start = 0; start < all.Length;)
        {
            var end = start;
            while (end + 1 < all.Length && all[end + 1].Value.Equals(all[start].Value))
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1; // mid-rank of the tie group
            for (var k = start; k <= end; k++)
            {
                if (all[k].FromX)
                {
                    rankSumX += rank;
                }
            }

            double t = end - start + 1;
            tieSum += (t * t * t) - t;
            start = end + 1;
        }

        return (rankSumX - (x.Count * (x.Count + 1) / 2.0), tieSum);
    }

    /// <summary>2·min(P(U ≤ u), P(U ≥ u)) from the exact count of rank arrangements (no ties).</summary>
    private static double ExactTwoSided(int n, int m, double u)
    {
        var counts = Counts(n, m);
        double total = 0, below = 0, above = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            total += counts[k];
            if (k <= u)
            {
                below += counts[k];
            }

            if (k >= u)
            {
                above += counts[k];
            }
        }

        return Math.Min(1, 2 * Math.Min(below, above) / total);
    }

    /// <summary>
    /// Number of arrangements of n x-values and m y-values giving each U, by the recurrence
    /// c(n, m, u) = c(n − 1, m, u − m) + c(n, m − 1, u) (the largest value is an x or a y).
    /// </summary>
    private static double[] Counts(int n, int m)
    {
        // row[j] holds the distribution for (i, j) while sweeping i upward.
        var row = new double[m + 1][];
        for (var j = 0; j <= m; j++)
        {
            row[j] = [1]; // i = 0: U is 0 in exactly one way
        }

        for (var i = 1; i <= n; i++)
        {
            var previous = row;
            row = new double[m + 1][];
            row[0] = [1];
            for (var j = 1; j <= m; j++)
            {
                var c = new double[(i * j) + 1];
                var withX = previous[j];
                for (var k = 0; k < withX.Length; k++)
                {
                    c[k + j] += withX[k]; // largest is an x: it beats all j y-values
                }

                var withY = row[j - 1];
                for (var k = 0; k < withY.Length; k++)
                {
                    c[k] += withY[k];
                }

                row[j] = c;
            }
        }

        return row[m];
    }
}
