namespace MoeBench.Devices.Cpu;

/// <summary>
/// Splits rows into one contiguous range per core, but only when the work pays for the fork/join
/// (~5–10 µs with the thread pool): a decode-size op on one token stays on the calling thread.
/// </summary>
internal static class RowParallel
{
    /// <summary>Below this many bytes touched, a second thread costs more than it saves.</summary>
    private const long MinBytesToSplit = 256 << 10;

    public static void For(int rows, long bytesPerRow, Action<int, int> body)
    {
        var threads = Math.Min(Environment.ProcessorCount, rows);
        if (threads <= 1 || rows * bytesPerRow < MinBytesToSplit)
        {
            body(0, rows);
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var start = (int)((long)rows * t / threads);
            var end = (int)((long)rows * (t + 1) / threads);
            body(start, end);
        });
    }
}
