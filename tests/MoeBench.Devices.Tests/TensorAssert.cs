namespace MoeBench.Devices.Tests;

internal static class TensorAssert
{
    /// <summary>fp32 kernels against their float64 references: normwise relative error, as the engine validates.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>max|actual − expected| / max|expected| below <see cref="Tolerance"/>; <paramref name="context"/> names the case and seed.</summary>
    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, string context) => Close(actual, expected, context, Tolerance);

    /// <summary>As above, below <paramref name="tolerance"/>: a device that rounds activations states a coarser one.</summary>
    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, string context, double tolerance)
    {
        Assert.True(actual.Length == expected.Length, $"{context}: {actual.Length} values, expected {expected.Length}");
        var maxRef = 0.0;
        var maxErr = 0.0;
        var worst = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
            var err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= maxErr))
            {
                maxErr = err;
                worst = i;
            }
        }

        Assert.True(maxRef > 0, $"{context}: the reference is all zeros, so the comparison proves nothing");
        var relative = maxErr / maxRef;
        Assert.True(
            relative < tolerance,
            $"{context}: relative error {relative:E2} above {tolerance:G3} (at {worst}: {(worst < 0 ? 0 : actual[worst])} vs {(worst < 0 ? 0 : expected[worst])})");
    }

    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string context)
    {
        var wide = new double[expected.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            wide[i] = expected[i];
        }

        Close(actual, wide, context);
    }

    /// <summary>Integer outputs (expert ids, offsets, rows) must match exactly; names the first difference.</summary>
    public static void Exact(ReadOnlySpan<int> actual, ReadOnlySpan<int> expected, string context)
    {
        Assert.True(actual.Length == expected.Length, $"{context}: {actual.Length} values, expected {expected.Length}");
        var i = 0;
        while (i < expected.Length && actual[i] == expected[i])
        {
            i++;
        }

        Assert.True(i == expected.Length, $"{context}: [{i}] is {(i < actual.Length ? actual[i] : 0)}, expected {(i < expected.Length ? expected[i] : 0)}");
    }
}
