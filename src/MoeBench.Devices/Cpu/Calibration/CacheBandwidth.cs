using System.Diagnostics;
using MoeBench.Core.Calibration;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// The bandwidth of one cache level, as a memory tier a hot case is held to (<see cref="MemoryTierChoice"/>): every
/// thread streams its own buffer of half, then of a quarter, of its share of the level — small enough to stay in it,
/// larger than the level below — again and again, by a read-only sum and by a copy (its reads and writes counted, as
/// the cost model counts an op's), and the fastest counts. A roof is the most the level has shown: on the Zen 4 here a
/// copy within a quarter of each thread's L3 share moved 186 GB/s where half of it had measured 171. Rates are per
/// thread over its own CPU time and summed, as the peaks are (<see cref="PeakLoop"/>): a neighbour holding a core for
/// part of an attempt does not lower a roof.
/// </summary>
internal static class CacheBandwidth
{
    /// <summary>Shares of each thread's part of the level its buffer fills, one measurement each.</summary>
    private static readonly int[] Fractions = [2, 4];

    public static MemoryTier Measure(CacheLevel level, int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        var capacity = level.CapacityFor(threads);
        var bandwidth = Fractions.Max(fraction => Rate(capacity / threads / fraction, threads, settings, cancellation));
        return new MemoryTier(level.TierName, capacity, bandwidth, double.NaN);
    }

    /// <summary>The faster of a read-only sum and a copy, every thread over its own buffer of <paramref name="bytesPerThread"/>.</summary>
    private static double Rate(long bytesPerThread, int threads, CalibrationSettings settings, CancellationToken cancellation)
    {
        var length = (int)Math.Max(2 * StreamKernels.Granule, bytesPerThread / sizeof(float));
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
            return Math.Max(Best(Read, bytes, threads, settings, cancellation), Best(Copy, bytes, threads, settings, cancellation));
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
