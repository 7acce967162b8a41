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
        length -= length % (StreamKernels.Granule * threads);
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
                sink[t] = StreamKernels.Sum(a.AsSpan(t * chunk, chunk)) + StreamKernels.Sum(b.AsSpan(t * chunk, chunk)) + StreamKernels.Sum(c.AsSpan(t * chunk, chunk))));
            read = Math.Max(read, bytes / ThreadTimer.Seconds(threads, t =>
                sink[t] = StreamKernels.SumAhead(a.AsSpan(t * chunk, chunk)) + StreamKernels.SumAhead(b.AsSpan(t * chunk, chunk)) + StreamKernels.SumAhead(c.AsSpan(t * chunk, chunk))));
        }

        return new StreamFigures(3L * sizeof(float) * length, triad, read);
    }

    /// <summary>
    /// The fastest of <paramref name="passes"/> all-thread passes of the read-only sum over <paramref name="buffer"/>
    /// (already touched): the probe a memory-bound case is measured beside (<see cref="IBandwidthProbe"/>). The
    /// kernels' own access — wide aligned loads streamed by every thread, each line prefetched 4 KiB ahead as the decode
    /// kernels do — and the fastest pass, as a roof is a
    /// maximum: one pass alone under-read what the decode kernels then reached beside it (shares of 118–146%).
    /// </summary>
    public static double Probe(CpuBuffer<float> buffer, int threads, int passes, CancellationToken cancellation)
    {
        var chunk = buffer.Length / threads;
        var sink = new float[threads];
        var best = 0.0;
        for (var pass = 0; pass < passes; pass++)
        {
            cancellation.ThrowIfCancellationRequested();
            best = Math.Max(best, (double)chunk * threads * sizeof(float) / ThreadTimer.Seconds(threads, t => sink[t] = StreamKernels.SumAhead(buffer.Span.Slice(t * chunk, chunk))));
        }

        return best;
    }

    /// <summary>Lengths are multiples of 16 (see <see cref="Measure"/>), so no scalar tail.</summary>
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
}
