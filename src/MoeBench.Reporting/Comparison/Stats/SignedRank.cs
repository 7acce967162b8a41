namespace MoeBench.Reporting.Comparison.Stats;

/// <summary>
/// One-sample location for paired differences, distribution-free: the Wilcoxon signed-rank test with its exact null
/// distribution, the Hodges–Lehmann estimate (median of the Walsh averages (dᵢ + dⱼ)/2, i ≤ j) and Tukey's confidence
/// interval from the same averages' order statistics (Hollander &amp; Wolfe, Nonparametric Statistical Methods, §3.1–3.2).
/// A round whose one side met a slow phase is one extreme difference among many, so it moves none of them much — where a
/// mean and its standard error follow it. Exact zeros are dropped, as the test defines; ties in |d| take ordinal ranks
/// (differences of log medians of real timings tie only by accident).
/// </summary>
public static class SignedRank
{
    /// <summary>Largest sample the exact distribution is built for (its counts stay exact in a double up to here).</summary>
    public const int MaxCount = 60;

    /// <summary>Two-sided p of H₀: the differences are symmetric about 0.</summary>
    public static double TwoSidedPValue(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var d = NonZero(differences);
        if (d.Length == 0)
        {
            return 1;
        }

        var ranked = d.Select((v, i) => (Abs: Math.Abs(v), Positive: v > 0, i)).OrderBy(t => t.Abs).ThenBy(t => t.i).ToArray();
        var positiveRankSum = ranked.Select((t, rank) => t.Positive ? rank + 1 : 0).Sum();
        var cdf = NullCdf(d.Length);
        var lower = cdf[positiveRankSum];
        var upper = positiveRankSum == 0 ? 1 : 1 - cdf[positiveRankSum - 1];
        return Math.Min(1, 2 * Math.Min(lower, upper));
    }

    /// <summary>The Hodges–Lehmann estimate with its confidence interval at <paramref name="confidence"/> (Tukey's).</summary>
    public static ShiftEstimate HodgesLehmann(IReadOnlyList<double> differences, double confidence)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        if (differences.Count == 0 || differences.Count > MaxCount)
        {
            throw new ArgumentException($"need 1 to {MaxCount} differences, got {differences.Count}", nameof(differences));
        }

        var n = differences.Count;
        var walsh = new double[n * (n + 1) / 2];
        var index = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                walsh[index++] = (differences[i] + differences[j]) / 2;
            }
        }

        Array.Sort(walsh);
        var estimate = RobustEstimators.Median(walsh);

        // The largest c with P(W⁺ ≤ c) ≤ α/2: the interval runs from the (c+1)-th to the (M−c)-th Walsh average
        // (1-based; Hollander & Wolfe's C_α = c + 1). None at all for a sample too small for the confidence: its range.
        var cdf = NullCdf(n);
        var alpha = 1 - confidence;
        var c = -1;
        while (c + 1 < cdf.Length && cdf[c + 1] <= alpha / 2)
        {
            c++;
        }

        return c < 0
            ? new ShiftEstimate(estimate, walsh[0], walsh[^1])
            : new ShiftEstimate(estimate, walsh[c], walsh[walsh.Length - 1 - c]);
    }

    private static double[] NonZero(IReadOnlyList<double> differences)
    {
        var d = differences.Where(v => v != 0 && double.IsFinite(v)).ToArray();
        return d.Length > MaxCount ? throw new ArgumentException($"at most {MaxCount} differences, got {d.Length}", nameof(differences)) : d;
    }

    /// <summary>P(W⁺ ≤ w) for w = 0 … n(n+1)/2 under H₀: every subset of the ranks 1..n is equally likely to be the positive one.</summary>
    private static double[] NullCdf(int n)
    {
        var max = n * (n + 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
        {
            for (var w = Math.Min(max, rank * (rank + 1) / 2); w >= rank; w--)
            {
                counts[w] += counts[w - rank];
            }
        }

        var total = Math.Pow(2, n);
        var cdf = new double[max + 1];
        var running = 0.0;
        for (var w = 0; w <= max; w++)
        {
            running += counts[w];
            cdf[w] = running / total;
        }

        return cdf;
    }
}
