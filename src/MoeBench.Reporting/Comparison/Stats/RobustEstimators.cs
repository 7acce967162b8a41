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

    /// <summary>The value below and above which half the weight lies (the lower one at an exact tie).</summary>
    public static double WeightedMedian(IReadOnlyList<(double Value, double Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("median of nothing");
        }

        var sorted = items.OrderBy(i => i.Value).ToList();
        var half = sorted.Sum(i => i.Weight) / 2;
        var cumulative = 0.0;
        foreach (var (value, weight) in sorted)
        {
            cumulative += weight;
            if (cumulative >= half)
            {
                return value;
            }
        }

        return sorted[^1].Value;
    }
}
