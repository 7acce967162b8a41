namespace MoeBench.Reporting.Comparison.Stats;

/// <summary>Location and scale estimators that tolerate a minority of wild values.</summary>
public static class RobustEstimators
{
    /// <summary>Scales a MAD to the standard deviation of a normal distribution.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("median of nothing");
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>Median absolute deviation from the median, scaled to a normal standard deviation.</summary>
    public static double Sigma(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return MadToSigma * Median([.. values.Select(v => Math.Abs(v - median))]);
    }
}
