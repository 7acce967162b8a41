namespace MoeBench.Devices;

/// <summary>The argument check every device's <see cref="IDevice.LoadWeights"/> makes, in one place.</summary>
public static class WeightShape
{
    /// <summary>
    /// Checks that <paramref name="groups"/> row-major [k × n] matrices are positive in every dimension and that
    /// <paramref name="weights"/> holds them all; returns their value count.
    /// </summary>
    public static long Check(ReadOnlySpan<float> weights, int groups, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var length = (long)groups * k * n;
        if (weights.Length < length)
        {
            throw new ArgumentException($"{groups} × {k} × {n} weights need {length} values, got {weights.Length}", nameof(weights));
        }

        return length;
    }
}
