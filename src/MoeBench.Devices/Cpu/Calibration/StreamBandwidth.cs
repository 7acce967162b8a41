using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>Best all-thread figures of two streams over the same buffers, in bytes per second.</summary>
internal sealed record StreamFigures(long BufferBytes, double TriadBytesPerSecond, double ReadBytesPerSecond)
{
    /// <summary>
    /// The bandwidth roof: the faster of the two. A roof is a maximum, and the weight streams of decode GEMMs are
    /// reads; STREAM's triad counts no write-allocate traffic, so on many machines a pure read stream is faster.
    /// </summary>
    public double BestBytesPerSecond => Math.Max(TriadBytesPerSecond, ReadBytesPerSecond);
}

/// <summary>
/// Sustainable memory bandwidth: a STREAM triad a = b + s·c (bytes counted as STREAM does: two reads and one
/// write per element) and a read-only sum, over three arrays that together span many times the last-level cache.
/// </summary>
internal static class StreamBandwidth
{
    public static StreamFigures Measure(int threads, long footprintBytes, int attempts, CancellationToken cancellation)
    {
        var length = (int)Math.Min(Array.MaxLength, footprintBytes / 3 / sizeof(float));
        length -= length % (8 * threads);
        var a = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var b = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var c = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var chunk = length / threads;

        // Every page touched (and seeded with non-constant data) before timing: the first pass would time page faults.
        ThreadTimer.Seconds(threads, t =>
        {
            for (var i = t * chunk; i < (t + 1) * chunk; i++)
            {
                (a[i], b[i], c[i]) = (0f, 1f + (i & 7), 2f - (i & 3));
            }
        });
        var sink = new float[threads];
        var bytes = 3.0 * sizeof(float) * length;
        var (triad, read) = (0.0, 0.0);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            triad = Math.Max(triad, bytes / ThreadTimer.Seconds(threads, t =>
                Triad(a.AsSpan(t * chunk, chunk), b.AsSpan(t * chunk, chunk), c.AsSpan(t * chunk, chunk), 3f)));
            read = Math.Max(read, bytes / ThreadTimer.Seconds(threads, t =>
                sink[t] = Sum(a.AsSpan(t * chunk, chunk)) + Sum(b.AsSpan(t * chunk, chunk)) + Sum(c.AsSpan(t * chunk, chunk))));
        }

        return new StreamFigures(3L * sizeof(float) * length, triad, read);
    }

    /// <summary>
    /// One pass of the read-only sum over <paramref name="buffer"/> (already touched): the probe a memory-bound case
    /// is measured beside (<see cref="IBandwidthProbe"/>).
    /// </summary>
    public static double Probe(float[] buffer, int threads, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var chunk = buffer.Length / threads;
        var sink = new float[threads];
        return (double)chunk * threads * sizeof(float) / ThreadTimer.Seconds(threads, t => sink[t] = Sum(buffer.AsSpan(t * chunk, chunk)));
    }

    /// <summary>Lengths are multiples of 8 (see <see cref="Measure"/>), so no scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Triad(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float s)
    {
        var scale = Vector256.Create(s);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        for (nuint i = 0; i < (nuint)a.Length; i += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rc, i), scale, Vector256.LoadUnsafe(ref rb, i)).StoreUnsafe(ref ra, i);
        }
    }

    /// <summary>Four accumulators, so the add latency never limits the stream. Lengths are multiples of 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum(ReadOnlySpan<float> x)
    {
        ref var r = ref MemoryMarshal.GetReference(x);
        var length = (nuint)x.Length;
        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
        nuint i = 0;
        for (; i + 32 <= length; i += 32)
        {
            s0 += Vector256.LoadUnsafe(ref r, i);
            s1 += Vector256.LoadUnsafe(ref r, i + 8);
            s2 += Vector256.LoadUnsafe(ref r, i + 16);
            s3 += Vector256.LoadUnsafe(ref r, i + 24);
        }

        for (; i < length; i += 8)
        {
            s0 += Vector256.LoadUnsafe(ref r, i);
        }

        return Vector256.Sum(s0 + s1 + s2 + s3);
    }
}
