namespace MoeBench.Core.Inputs;

/// <summary>
/// Random tensors from a seeded generator: never zeros or constants (which would let a kernel skip work or a
/// broken kernel pass), reproducible from the seed stored with each result.
/// </summary>
public static class SeededInputs
{
    /// <summary>Normal(0, scale²) values via Box–Muller; exact zeros are redrawn.</summary>
    public static float[] Normal(Random random, int length, float scale = 1f)
    {
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "inputs must not be zeros: the scale must be positive");
        }

        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            float v;
            do
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                v = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)) * scale;
            }
            while (v == 0f);

            values[i] = v;
        }

        return values;
    }

    /// <summary>Values in [lo, hi): e.g. RMSNorm gains near one.</summary>
    public static float[] Uniform(Random random, int length, float lo, float hi)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = lo + ((hi - lo) * random.NextSingle());
        }

        return values;
    }

    /// <summary>A derived generator per purpose, so adding one tensor does not shift every other tensor's values.</summary>
    public static Random For(int seed, string purpose) => new(unchecked((seed * 486187739) ^ StableHash(purpose)));

    // FNV-1a: string.GetHashCode and HashCode are randomised per process, which would make seeds irreproducible.

    private static int StableHash(string text)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in text)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}
