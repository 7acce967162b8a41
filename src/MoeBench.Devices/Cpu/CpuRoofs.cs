using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MoeBench.Devices.Cpu;

/// <summary>
/// Measured roofs of this CPU: fp32 FMA throughput on all cores and sustainable memory bandwidth. Measured,
/// not nominal, because a VM's advertised base clock (2.1 GHz here) is far from the running clock (~3.5 GHz).
/// </summary>
public sealed record CpuRoofs(double PeakFlopsF32, double BandwidthBytesPerSecond)
{
    private static readonly Lazy<CpuRoofs> Cached = new(Measure);

    /// <summary>Measured once per process (about half a second).</summary>
    public static CpuRoofs Current => Cached.Value;

    public static CpuRoofs Measure() => new(MeasureFma(), MeasureTriad());

    /// <summary>
    /// Best of several all-core runs of 12 independent FMA chains per thread — enough to cover two FMA pipes × 4-cycle
    /// latency, as a peak-FLOP loop needs (the C figure in the reference notes used 12 zmm accumulators too).
    /// </summary>
    private static double MeasureFma()
    {
        // ~0.1–0.2 s per attempt at this machine's rate: long enough that thread start-up and timer jitter vanish.
        const long iterations = 40_000_000;
        var threads = Environment.ProcessorCount;
        var best = 0.0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var sink = new float[threads];
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => sink[t] = FmaChains(iterations));
            var seconds = sw.Elapsed.TotalSeconds;
            var flopsPerIteration = 12.0 * 2 * CpuIdentity.VectorLanes;
            best = Math.Max(best, threads * iterations * flopsPerIteration / seconds);
            GC.KeepAlive(sink);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaChains(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(0.999999f);
            var a = Vector512.Create(1e-7f);
            Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            Vector512<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, m, a);
                c1 = Vector512.FusedMultiplyAdd(c1, m, a);
                c2 = Vector512.FusedMultiplyAdd(c2, m, a);
                c3 = Vector512.FusedMultiplyAdd(c3, m, a);
                c4 = Vector512.FusedMultiplyAdd(c4, m, a);
                c5 = Vector512.FusedMultiplyAdd(c5, m, a);
                c6 = Vector512.FusedMultiplyAdd(c6, m, a);
                c7 = Vector512.FusedMultiplyAdd(c7, m, a);
                c8 = Vector512.FusedMultiplyAdd(c8, m, a);
                c9 = Vector512.FusedMultiplyAdd(c9, m, a);
                c10 = Vector512.FusedMultiplyAdd(c10, m, a);
                c11 = Vector512.FusedMultiplyAdd(c11, m, a);
            }

            return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }
        else
        {
            var m = Vector256.Create(0.999999f);
            var a = Vector256.Create(1e-7f);
            Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            Vector256<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, m, a);
                c1 = Vector256.FusedMultiplyAdd(c1, m, a);
                c2 = Vector256.FusedMultiplyAdd(c2, m, a);
                c3 = Vector256.FusedMultiplyAdd(c3, m, a);
                c4 = Vector256.FusedMultiplyAdd(c4, m, a);
                c5 = Vector256.FusedMultiplyAdd(c5, m, a);
                c6 = Vector256.FusedMultiplyAdd(c6, m, a);
                c7 = Vector256.FusedMultiplyAdd(c7, m, a);
                c8 = Vector256.FusedMultiplyAdd(c8, m, a);
                c9 = Vector256.FusedMultiplyAdd(c9, m, a);
                c10 = Vector256.FusedMultiplyAdd(c10, m, a);
                c11 = Vector256.FusedMultiplyAdd(c11, m, a);
            }

            return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
        }
    }

    /// <summary>
    /// STREAM-style triad a = b + s·c over three 64 MiB arrays (6× the 32 MiB L3 here) on all cores; bytes
    /// counted as STREAM does (two reads, one write per element), best of several passes.
    /// </summary>
    private static double MeasureTriad()
    {
        const int length = 16 << 20;
        var a = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var b = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var c = GC.AllocateUninitializedArray<float>(length, pinned: true);
        b.AsSpan().Fill(1f);
        c.AsSpan().Fill(2f);
        var threads = Environment.ProcessorCount;
        var chunk = length / threads;
        var best = 0.0;
        for (var pass = 0; pass < 5; pass++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                Triad(a.AsSpan(t * chunk, chunk), b.AsSpan(t * chunk, chunk), c.AsSpan(t * chunk, chunk), 3f));
            best = Math.Max(best, 3.0 * 4 * chunk * threads / sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static void Triad(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float s)
    {
        var i = 0;
        var scale = Vector256.Create(s);
        for (; i <= a.Length - 8; i += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.Create(c.Slice(i, 8)), scale, Vector256.Create(b.Slice(i, 8))).CopyTo(a.Slice(i, 8));
        }

        for (; i < a.Length; i++)
        {
            a[i] = b[i] + (s * c[i]);
        }
    }
}
