using System.Diagnostics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// Times one body on N dedicated threads started together. Not the kernels' worker pool nor Parallel.For: the
/// thread pool may run two items one after the other on one thread, which would halve a measured peak.
/// </summary>
internal static class ThreadTimer
{
    /// <summary>
    /// Seconds from the first thread's start to the last thread's finish of body(threadIndex). Each worker reads the
    /// clock itself: a clock started by the releasing thread would miss the work done while that thread waited to be
    /// scheduled again — with more threads than cores the workers can finish first, and a near-zero time once gave a
    /// calibrated bandwidth of 26.8 TB/s.
    /// </summary>
    public static double Seconds(int threads, Action<int> body)
    {
        if (threads == 1)
        {
            var sw = Stopwatch.StartNew();
            body(0);
            return sw.Elapsed.TotalSeconds;
        }

        using var start = new Barrier(threads);
        var began = new long[threads];
        var ended = new long[threads];
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                began[index] = Stopwatch.GetTimestamp();
                body(index);
                ended[index] = Stopwatch.GetTimestamp();
            })
            { IsBackground = true };
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return Stopwatch.GetElapsedTime(began.Min(), ended.Max()).TotalSeconds;
    }
}
