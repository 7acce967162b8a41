using System.Diagnostics;

namespace MoeBench.Devices.Cpu.Calibration;

/// <summary>
/// Times one body on N dedicated threads started together. Not the kernels' worker pool nor Parallel.For: the
/// thread pool may run two items one after the other on one thread, which would halve a measured peak.
/// </summary>
internal static class ThreadTimer
{
    /// <summary>Seconds from the common start until the last thread finishes body(threadIndex).</summary>
    public static double Seconds(int threads, Action<int> body)
    {
        if (threads == 1)
        {
            var sw = Stopwatch.StartNew();
            body(0);
            return sw.Elapsed.TotalSeconds;
        }

        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                body(index);
            })
            { IsBackground = true };
            workers[t].Start();
        }

        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        return clock.Elapsed.TotalSeconds;
    }
}
