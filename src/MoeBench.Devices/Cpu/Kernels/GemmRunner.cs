namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Splits a set of products (one for <see cref="Sgemm"/>, one per non-empty group for <see cref="GroupedSgemm"/>)
/// into work items and runs them all in ONE parallel region, so eight small expert products cost one fork/join.
/// </summary>
internal static unsafe class GemmRunner
{
    // Items per thread: enough that dynamic claiming evens out a noisy, shared machine, few enough that the
    // per-item costs (A re-packed per column chunk, B re-read per row split) stay small.
    private const int ItemsPerThread = 6;

    // Narrowest column chunk, in panels: keeps A re-packing (once per chunk) and claim overhead amortised.
    private const int MinPanelsPerItem = 2;

    // Packed B up to this size is split by rows: every row item re-reads all of B, but from L3 (32 MiB here), and A
    // is packed once. Bigger B is split by columns: each item streams its B columns from memory exactly once and
    // re-packs A instead, which is cheap next to a tall B (rows × k floats per chunk vs rows × k × width FMAs).
    private const long CacheResidentBytes = 8L << 20;

    // A column-split task taller than one tile is cut into this many column chunks per share of the items. At 128
    // tokens a Mixtral@1/4 expert gets ~32 rows and a share of 1–2 items, so the items were whole experts (2–4 ms
    // each, 2–3 per thread) and the thread that claimed the last one ran alone for up to half an item: modelled with
    // greedy claiming over seeded top-2 routings, 92–99% of the two threads' time was used; with two chunks per
    // share an expert's items come in equal pairs and ~100% is. Measured on Zen 4 only (2 cores, machine shared by
    // other builds, best of 40 interleaved runs, two routings): up 117 → 138 and 179 → 192 GFLOP/s, down 200 → 203
    // and 168 → 178. The cost is one more A packing (rows × k) per chunk, within the noise on one thread. Decode-size
    // tasks (≤ MR rows) keep one contiguous run per share: they stream weights, and long runs suit the prefetchers.
    private const int ColumnChunksPerShare = 2;

    public static void Run(GemmTask* tasks, int taskCount, GemmIsa isa)
    {
        switch (isa)
        {
            case GemmIsa.Vector512: Run<Kernel512>(tasks, taskCount); break;
            case GemmIsa.Vector256: Run<Kernel256>(tasks, taskCount); break;
            default: Run<KernelScalar>(tasks, taskCount); break;
        }
    }

    private static void Run<TKernel>(GemmTask* tasks, int taskCount)
        where TKernel : struct, IKernelFamily
    {
        int target = CpuParallel.Threads == 1 ? 1 : CpuParallel.Threads * ItemsPerThread;

        // Work in tile-columns × rows (at least one tile's worth: a short task still streams all its weights).
        double totalWork = 0;
        for (var t = 0; t < taskCount; t++)
        {
            totalWork += Work(tasks[t], TKernel.MR);
        }

        Span<(int RowItems, int ColumnChunks)> splits = taskCount <= 64 ? stackalloc (int, int)[taskCount] : new (int, int)[taskCount];
        var count = 0;
        for (var t = 0; t < taskCount; t++)
        {
            int share = target == 1 ? 1 : Math.Max(1, (int)Math.Round(target * Work(tasks[t], TKernel.MR) / totalWork));
            splits[t] = Split(tasks[t], share, TKernel.MR, TKernel.NR);
            count += splits[t].RowItems * splits[t].ColumnChunks;
        }

        Span<GemmItem> items = count <= 256 ? stackalloc GemmItem[count] : new GemmItem[count];
        var n = 0;
        for (var t = 0; t < taskCount; t++)
        {
            var (rowItems, chunks) = splits[t];
            int rowsPerItem = RoundUp((tasks[t].M + rowItems - 1) / rowItems, TKernel.MR);
            int panelsPerChunk = (tasks[t].Panels + chunks - 1) / chunks;
            if (tasks[t].Act != null)
            {
                // The SwiGLU epilogue needs each gate panel and its up panel in one item.
                panelsPerChunk += panelsPerChunk & 1;
            }

            // Row items innermost: items claimed together share their B columns, so both threads read them from L3 once.
            for (var c = 0; c * panelsPerChunk < tasks[t].Panels; c++)
            {
                for (var r = 0; r * rowsPerItem < tasks[t].M; r++)
                {
                    items[n++] = new GemmItem
                    {
                        Task = t,
                        Row0 = r * rowsPerItem,
                        Row1 = Math.Min(tasks[t].M, (r + 1) * rowsPerItem),
                        Panel0 = c * panelsPerChunk,
                        Panel1 = Math.Min(tasks[t].Panels, (c + 1) * panelsPerChunk),
                    };
                }
            }
        }

        fixed (GemmItem* itemPointer = items)
        {
            var job = new GemmJob { Tasks = tasks, Items = itemPointer };
            CpuParallel.For(n, &GemmDriver<TKernel>.RunItem, &job);
        }
    }

    private static double Work(in GemmTask task, int mr) => (double)task.Panels * Math.Max(task.M, mr);

    /// <summary>Row items × column chunks for about <paramref name="share"/> items (upper bounds: rounding may give fewer).</summary>
    private static (int RowItems, int ColumnChunks) Split(in GemmTask task, int share, int mr, int nr)
    {
        // Row items at least two tiles tall, so each B micro-panel loaded into L1 serves more than one tile.
        int maxRowItems = Math.Max(1, task.M / (2 * mr));
        int maxChunks = Math.Max(1, task.Panels / MinPanelsPerItem);
        long packedBytes = (long)task.K * task.Panels * nr * sizeof(float);
        if (packedBytes <= CacheResidentBytes)
        {
            int rowItems = Math.Min(share, maxRowItems);
            return (rowItems, Math.Min(maxChunks, (share + rowItems - 1) / rowItems));
        }

        int chunks = Math.Min(task.M > mr ? share * ColumnChunksPerShare : share, maxChunks);
        return (Math.Min(maxRowItems, (share + chunks - 1) / chunks), chunks);
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
