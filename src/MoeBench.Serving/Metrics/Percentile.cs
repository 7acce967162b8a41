namespace MoeBench.Serving.Metrics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks — numpy's default <c>np.percentile</c>, which vLLM's
/// serving benchmark reports — so our p99 of a list is the number vLLM would print for it.
/// </summary>
public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
