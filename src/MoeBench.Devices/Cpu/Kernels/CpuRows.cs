namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Row-parallel loop for the memory-bound ops (RMSNorm, SwiGLU, gate selection, permute, combine): rows split into
/// one contiguous range per thread by a fixed rule, run through <see cref="CpuParallel.ForEachThread"/>, so the same
/// rows go to the same core on every call and a small op never waits for a thread-pool fork.
/// </summary>
internal static unsafe class CpuRows
{
    // Bytes a range must touch to be worth a thread: 64 KiB is ~1–3 µs of L2/L3 traffic, several times the
    // 0.1–0.6 µs fork/join, so a decode-size op (one token) stays on the calling thread.
    private const long MinBytesPerRange = 64 << 10;

    /// <summary>Runs body(context, start, end) over disjoint ranges covering [0, rows); context must outlive the call.</summary>
    public static void For(int rows, long bytesPerRow, delegate*<void*, int, int, void> body, void* context)
    {
        if (rows <= 0)
        {
            return;
        }

        long worth = Math.Max(1, rows * bytesPerRow / MinBytesPerRange);
        int ranges = (int)Math.Min(Math.Min(CpuParallel.Threads, rows), worth);
        if (ranges == 1)
        {
            body(context, 0, rows);
            return;
        }

        var job = new Job { Body = body, Context = context, Rows = rows, Ranges = ranges };
        CpuParallel.ForEachThread(ranges, &Range, &job);
    }

    /// <summary>Rows of range <paramref name="index"/> of <paramref name="ranges"/>: the split every call repeats.</summary>
    public static (int Start, int End) Bounds(int rows, int ranges, int index) =>
        ((int)((long)rows * index / ranges), (int)((long)rows * (index + 1) / ranges));

    private static void Range(void* context, int index)
    {
        var job = (Job*)context;
        var (start, end) = Bounds(job->Rows, job->Ranges, index);
        job->Body(job->Context, start, end);
    }

    private struct Job
    {
        public delegate*<void*, int, int, void> Body;
        public void* Context;
        public int Rows;
        public int Ranges;
    }
}
