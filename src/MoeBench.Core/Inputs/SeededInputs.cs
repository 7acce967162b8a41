namespace MoeBench.Core.Inputs;

/// <summary>
/// Random tensors from a seeded generator: never zeros or constants (which would let a kernel skip work or a
/// broken kernel pass), reproducible from the seed stored with each result.
/// </summary>
public static class SeededInputs
{
    /// <summary>Values per independently seeded chunk: large enough that a chunk's set-up is noise, small enough to share out.</summary>
    private const int ChunkLength = 1 << 16;

    /// <summary>
    /// Normal(0, scale²) values via Box–Muller (both values of each pair); exact zeros are redrawn. Cold cases draw
    /// hundreds of megabytes of weights per round, so the tensor is filled in chunks on all cores, each chunk from its
    /// own generator seeded in order from <paramref name="random"/>: the values depend on the seed alone, never on the
    /// number of threads.
    /// </summary>
    public static float[] Normal(Random random, int length, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "inputs must not be zeros: the scale must be positive");
        }

        var values = new float[length];
        var chunks = (length + ChunkLength - 1) / ChunkLength;
        var seeds = new int[chunks];
        for (var c = 0; c < chunks; c++)
        {
            seeds[c] = random.Next();
        }

        void Fill(int c) => FillNormal(new Random(seeds[c]), values.AsSpan(c * ChunkLength, Math.Min(ChunkLength, length - (c * ChunkLength))), scale);
        if (chunks > 1)
        {
            Parallel.For(0, chunks, Fill);
        }
        else if (chunks == 1)
        {
            Fill(0);
        }

        return values;
    }

    private static void FillNormal(Random random, Span<float> values, float scale)
    {
        var i = 0;
        while (i < values.Length)
        {
            var radius = MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * scale;
            var angle = 2f * MathF.PI * random.NextSingle();
            var (sin, cos) = MathF.SinCos(angle);
            foreach (var v in (ReadOnlySpan<float>)[radius * cos, radius * sin])
            {
                if (v != 0f && i < values.Length)
                {
                    values[i++] = v;
                }
            }
        }
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
