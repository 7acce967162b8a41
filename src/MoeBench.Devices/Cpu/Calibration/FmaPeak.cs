using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Core;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>fp32 FMA paths, named by vector width; the value is the fp32 lanes of one vector.</summary>
internal enum FmaPath
{
    Vector256 = 8,
    Vector512 = 16,
}

/// <summary>
/// Peak fp32 FLOP/s of one vector path: 12 independent FMA chains per thread, enough to cover two FMA pipes ×
/// 4-cycle latency as a peak-FLOP loop needs (Zen 3 and Zen 4/5 alike). Measured, not nominal, because a VM's
/// advertised base clock (2.1 GHz here) is far from the running clock (~3.5 GHz).
/// <para>
/// Each thread's rate is its FLOPs over its own CPU time where the OS has that clock, and the all-thread peak is
/// their sum: the silicon's figure, which a neighbour holding a core for part of an attempt does not lower (by wall
/// clock, one starved thread of two halved it — seen in CI, with test assemblies running side by side). Two
/// hardware threads sharing a core's FMA pipes still each see half, so SMT is not double-counted while both run.
/// </para>
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>Every path this processor accelerates: AVX-512 halves the instructions, and may or may not double the peak.</summary>
    public static IReadOnlyList<FmaPath> AcceleratedPaths()
    {
        var paths = new List<FmaPath>();
        if (Vector256.IsHardwareAccelerated)
        {
            paths.Add(FmaPath.Vector256);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            paths.Add(FmaPath.Vector512);
        }

        return paths;
    }

    public static string Name(FmaPath path) => path == FmaPath.Vector512 ? "vector512" : "vector256";

    public static PeakRoof Measure(FmaPath path, int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        var iterations = PeakLoop.IterationsFor(n => Run(path, n), settings.ComputeAttemptTime);
        var flopsPerThread = iterations * Chains * 2.0 * (int)path;
        var sink = new float[threads];
        double Best(int n) => PeakLoop.Best(n, flopsPerThread, t => sink[t] = Run(path, iterations), settings.Attempts, cancellation);
        return new PeakRoof(DType.F32, Name(path), Best(1), Best(threads));
    }

    private static float Run(FmaPath path, long iterations) =>
        path == FmaPath.Vector512 ? Chains512(iterations) : Chains256(iterations);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
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

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
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
}
