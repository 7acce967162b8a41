namespace MoeBench.Engine.Workloads;

/// <summary>Outcome of comparing a device's output with the float64 reference.</summary>
public sealed record ValidationResult(bool Passed, double RelativeError, string? Reason)
{
    /// <summary>
    /// Normwise relative error max|actual − expected| / max|expected|: scale-free, and any wrong element of order
    /// one shows up. Non-finite output fails outright.
    /// </summary>
    public static ValidationResult Compare(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double tolerance, string what)
    {
        if (actual.Length != expected.Length)
        {
            return new(false, double.NaN, $"{what}: {actual.Length} values, reference has {expected.Length}");
        }

        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i]))
            {
                return new(false, double.NaN, $"{what}: non-finite value {actual[i]} at index {i}");
            }

            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }

        var error = maxRef > 0 ? maxDiff / maxRef : maxDiff;
        return error <= tolerance
            ? new(true, error, null)
            : new(false, error, $"{what}: relative error {error:E2} exceeds tolerance {tolerance:G3}");
    }

    /// <summary>Integer outputs (expert ids, offsets) must match exactly.</summary>
    public static ValidationResult Exact(ReadOnlySpan<int> actual, ReadOnlySpan<int> expected, string what)
    {
        for (var i = 0; i < Math.Max(actual.Length, expected.Length); i++)
        {
            if (i >= actual.Length || i >= expected.Length || actual[i] != expected[i])
            {
                var a = i < actual.Length ? actual[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
                var e = i < expected.Length ? expected[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
                return new(false, 1, $"{what}: index {i} is {a}, reference {e}");
            }
        }

        return new(true, 0, null);
    }

    /// <summary>The first failure, or the worst error of all passes.</summary>
    public static ValidationResult All(params ValidationResult[] results) =>
        Array.Find(results, r => !r.Passed) ?? new(true, results.Max(r => r.RelativeError), null);
}
