using System.Diagnostics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// One timed run on N threads: the wall span from the first thread's start to the last one's finish, and each
/// thread's own CPU seconds (null where <see cref="ThreadCpuClock"/> is absent).
/// </summary>
internal sealed record ThreadTiming(double WallSeconds, double[]? CpuSeconds);

/// <summary>
/// Times one body on N dedicated threads started together. Not the kernels' worker pool nor Parallel.For: the
/// thread pool may run two items one after the other on one thread, which would halve a measured peak.
/// </summary>
internal static class ThreadTimer
{
    /// <summary>Seconds from the first thread's start to the last thread's finish of body(threadIndex).</summary>
    public static double Seconds(int threads, Action<int> body) => Measure(threads, body).WallSeconds;

    /// <summary>
    /// The wall span from the first thread's start to the last thread's finish of body(threadIndex), and each
    /// thread's CPU seconds. Each worker reads the clocks itself: a clock started by the releasing thread would miss
    /// the work done while that thread waited to be scheduled again — with more threads than cores the workers can
    /// finish first, and a near-zero time once gave a calibrated bandwidth of 26.8 TB/s.
    /// </summary>
    public static ThreadTiming Measure(int threads, Action<int> body)
    {
        var began = new long[threads];
        var ended = new long[threads];
        double[]? cpu = ThreadCpuClock.IsAvailable ? new double[threads] : null;
        void Timed(int index)
        {
            var cpuBegan = cpu is null ? 0 : ThreadCpuClock.Now();
            began[index] = Stopwatch.GetTimestamp();
            body(index);
            ended[index] = Stopwatch.GetTimestamp();
            if (cpu is not null)
            {
                cpu[index] = ThreadCpuClock.Now() - cpuBegan;
            }
        }

        if (threads == 1)
        {
            Timed(0);
        }
        else
        {
            using var start = new Barrier(threads);
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                var index = t;
                workers[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    Timed(index);
                })
                { IsBackground = true };
                workers[t].Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }
        }

        return new ThreadTiming(Stopwatch.GetElapsedTime(began.Min(), ended.Max()).TotalSeconds, cpu);
    }
}
