using System.Diagnostics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// How a peak loop is sized and timed, shared by the fp32 FMA and the integer dot-product peaks. Each thread's
/// rate is its FLOPs over its own CPU time where the OS has that clock, and the all-thread figure is their sum:
/// the silicon's, which a neighbour holding a core for part of an attempt does not lower (<see cref="FmaPeak"/>).
/// </summary>
internal static class PeakLoop
{
    /// <summary>Iterations that take about <paramref name="target"/> on one thread, from a timed probe after a warm-up call.</summary>
    public static long IterationsFor(Action<long> run, TimeSpan target)
    {
        const long probe = 1 << 20;
        run(probe);
        var clock = Stopwatch.StartNew();
        run(probe);
        var perIteration = clock.Elapsed.TotalSeconds / probe;
        return Math.Max(probe, (long)(target.TotalSeconds / perIteration));
    }

    /// <summary>The best of <paramref name="attempts"/> all-thread rates, <paramref name="run"/> called once per thread index.</summary>
    public static double Best(int threads, double flopsPerThread, Action<int> run, int attempts, CancellationToken cancellation)
    {
        var best = 0.0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            var timing = ThreadTimer.Measure(threads, run);
            best = Math.Max(best, timing.CpuSeconds is { } cpu ? cpu.Sum(s => flopsPerThread / s) : threads * flopsPerThread / timing.WallSeconds);
        }

        return best;
    }
}
