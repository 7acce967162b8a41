namespace MoeBench.Core.Attention;

/// <summary>
/// Rotary position embedding as Llama / Hugging Face apply it ("rotate half"): for j below D/2 the pair
/// (x[j], x[j + D/2]) turns by position · θ^(−2j/D). The table is what a device reads: per position, D/2 cosines then
/// D/2 sines, computed in float64 once.
/// </summary>
public static class RopeTable
{
    public static double Angle(int position, int j, int headDim, double theta) =>
        position * Math.Pow(theta, -2.0 * j / headDim);

    /// <summary>[positions × headDim]: cosines in the first half of each row, sines in the second.</summary>
    public static float[] Build(int positions, int headDim, double theta)
    {
        var half = headDim / 2;
        var table = new float[(long)positions * headDim];
        for (var p = 0; p < positions; p++)
        {
            for (var j = 0; j < half; j++)
            {
                var angle = Angle(p, j, headDim, theta);
                table[((long)p * headDim) + j] = (float)Math.Cos(angle);
                table[((long)p * headDim) + half + j] = (float)Math.Sin(angle);
            }
        }

        return table;
    }

    /// <summary>x rotated for <paramref name="position"/>, in float64 (the reference's own angles, not the table's).</summary>
    public static void Rotate(ReadOnlySpan<double> x, int position, double theta, Span<double> rotated)
    {
        var d = x.Length;
        var half = d / 2;
        for (var j = 0; j < half; j++)
        {
            var angle = Angle(position, j, d, theta);
            var (c, s) = (Math.Cos(angle), Math.Sin(angle));
            rotated[j] = (x[j] * c) - (x[j + half] * s);
            rotated[j + half] = (x[j + half] * c) + (x[j] * s);
        }
    }
}
