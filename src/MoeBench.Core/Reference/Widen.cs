namespace MoeBench.Core.Reference;

public static class Widen
{
    /// <summary>The fp32 tensor a device saw, as doubles for a reference computation.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
