using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// Peak of the integer dot products the int8/int4 decode kernel runs (<c>QuantMaddKernel512</c>): per product one
/// <c>vpmaddwd</c> (32 int16 multiply-adds) and the <c>vpaddd</c> that accumulates it, 12 accumulators per
/// thread. Without VNNI the add is part of every dot product, so it belongs in the roof. A multiply-add counts as
/// two FLOPs, as an FMA does: 64 per instruction against the fp32 FMA's 32. AVX-512BW only; elsewhere int8/int4
/// run as fp32 FMAs and are held to the fp32 peak.
/// </summary>
internal static class IntDotPeak
{
    public const string Path = "vector512-vpmaddwd";

    private const int Products = 12;

    public static bool IsSupported => Avx512BW.IsSupported;

    public static PeakRoof Measure(int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        var iterations = PeakLoop.IterationsFor(n => Run(n), settings.ComputeAttemptTime);
        var flopsPerThread = iterations * Products * 2.0 * 32;
        var sink = new int[threads];
        double Best(int n) => PeakLoop.Best(n, flopsPerThread, t => sink[t] = Run(iterations), settings.Attempts, cancellation);
        return new PeakRoof(DType.I8, Path, Best(1), Best(threads));
    }

    /// <summary>
    /// As the kernel runs them: one weight vector per iteration against 12 fixed activation vectors, each product
    /// added to its own accumulator. The weights change every iteration (one add and one xor for 12 products), so
    /// no product is loop-invariant. Chaining each product into the next multiply instead would be latency-bound
    /// here: 140 GFLOP/s per thread against 190 this way and 235 for the multiplies alone (Zen 4).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Run(long iterations)
    {
        var w = Vector512.Create((short)3);
        var step = Vector512.Create((short)1);
        Vector512<short> a0 = Vector512.Create((short)1), a1 = Vector512.Create((short)2), a2 = Vector512.Create((short)3);
        Vector512<short> a3 = Vector512.Create((short)4), a4 = Vector512.Create((short)5), a5 = Vector512.Create((short)6);
        Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<int> d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default;
        for (long i = 0; i < iterations; i++)
        {
            w += step;
            c0 += Avx512BW.MultiplyAddAdjacent(w, a0);
            c1 += Avx512BW.MultiplyAddAdjacent(w, a1);
            c2 += Avx512BW.MultiplyAddAdjacent(w, a2);
            c3 += Avx512BW.MultiplyAddAdjacent(w, a3);
            c4 += Avx512BW.MultiplyAddAdjacent(w, a4);
            c5 += Avx512BW.MultiplyAddAdjacent(w, a5);
            var v = w ^ step;
            d0 += Avx512BW.MultiplyAddAdjacent(v, a0);
            d1 += Avx512BW.MultiplyAddAdjacent(v, a1);
            d2 += Avx512BW.MultiplyAddAdjacent(v, a2);
            d3 += Avx512BW.MultiplyAddAdjacent(v, a3);
            d4 += Avx512BW.MultiplyAddAdjacent(v, a4);
            d5 += Avx512BW.MultiplyAddAdjacent(v, a5);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + d0 + d1 + d2 + d3 + d4 + d5);
    }
}
