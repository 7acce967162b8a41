namespace MoeBench.Serving.Load;

/// <summary>Gamma(shape, scale) and normal draws from a seeded <see cref="Random"/>, so a schedule replays exactly.</summary>
internal static class GammaSampler
{
    /// <summary>Marsaglia and Tsang's method (ACM TOMS 26(3), 2000); shape &lt; 1 through the boost x·U^(1/shape).</summary>
    public static double Sample(Random random, double shape, double scale)
    {
        if (shape < 1)
        {
            return Sample(random, shape + 1, scale) * Math.Pow(Uniform(random), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = Uniform(random);
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>Box–Muller: one standard normal per call (the second is dropped to keep the draw order simple).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(Uniform(random))) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Uniform on (0, 1]: never 0, so its logarithm is finite.</summary>
    private static double Uniform(Random random) => 1 - random.NextDouble();
}
