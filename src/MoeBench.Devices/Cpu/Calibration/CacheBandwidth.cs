using System.Diagnostics;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// The bandwidth of one cache level, as a memory tier a hot case is held to (<see cref="MemoryTierChoice"/>): every
/// thread streams its own buffer of half its share of the level — small enough to stay in it, larger than the level
/// below — again and again, by a read-only sum and by a copy (its reads and writes counted, as the cost model counts
/// an op's), and the faster counts. Rates are per thread over its own CPU time and summed, as the peaks are
/// (<see cref="PeakLoop"/>): a neighbour holding a core for part of an attempt does not lower a roof.
/// </summary>
internal static class CacheBandwidth
{
    public static MemoryTier Measure(CacheLevel level, int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        var capacity = level.CapacityFor(threads);
        var length = (int)Math.Max(2 * StreamKernels.Granule, capacity / threads / 2 / sizeof(float));
        length -= length % (2 * StreamKernels.Granule);
        var buffers = new CpuBuffer<float>[threads];
        try
        {
            for (var t = 0; t < threads; t++)
            {
                buffers[t] = new CpuBuffer<float>(length);
                var span = buffers[t].Span;
                for (var i = 0; i < length; i++)
                {
                    span[i] = 1f + (i & 7);
                }
            }

            var half = length / 2;
            var sink = new float[threads];
            void Read(int t) => sink[t] += StreamKernels.Sum(buffers[t].Span);
            void Copy(int t) => StreamKernels.Copy(buffers[t].Span[..half], buffers[t].Span[half..]);

            // A copy moves a half-buffer in and a half-buffer out: the same bytes per pass as the sum reads.
            var bytes = (double)length * sizeof(float);
            var read = Best(Read, bytes, threads, settings, cancellation);
            var copy = Best(Copy, bytes, threads, settings, cancellation);
            return new MemoryTier(level.TierName, capacity, Math.Max(read, copy), double.NaN);
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                buffer?.Dispose();
            }
        }
    }

    /// <summary>The best all-thread rate of <paramref name="pass"/>, repeated for about a quarter of a peak attempt.</summary>
    private static double Best(Action<int> pass, double bytesPerPass, int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        const int Pilot = 64;
        pass(0);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Pilot; i++)
        {
            pass(0);
        }

        var perPass = clock.Elapsed.TotalSeconds / Pilot;
        var passes = (int)Math.Clamp(settings.ComputeAttemptTime.TotalSeconds / 4 / Math.Max(perPass, 1e-9), 1, 100_000_000);
        return PeakLoop.Best(threads, passes * bytesPerPass, t =>
        {
            for (var i = 0; i < passes; i++)
            {
                pass(t);
            }
        }, settings.Attempts, cancellation);
    }
}
