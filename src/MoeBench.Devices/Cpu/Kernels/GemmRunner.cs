namespace MoeBench.Devices.Cpu.Kernels;

/// <summary>
/// Splits a set of products (one for <see cref="Sgemm"/>, one per non-empty group for <see cref="GroupedSgemm"/>)
/// into work items and runs them all in ONE parallel region, so eight small expert products cost one fork/join.
/// </summary>
internal static unsafe class GemmRunner
{
    // Items per thread: enough that dynamic claiming evens out a noisy, shared machine, few enough that each item's
    // A packing (rows × k, repeated per column chunk) stays small next to its rows × k × width FMAs.
    private const int ItemsPerThread = 6;

    // Narrowest column chunk, in panels: keeps A re-packing (once per chunk) and claim overhead amortised.
    private const int MinPanelsPerItem = 2;

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
        int threads = CpuParallel.Threads;
        long units = 0;
        for (var t = 0; t < taskCount; t++)
        {
            units += (long)RowBlocks(tasks[t].M, TKernel.MC, TKernel.MR, out _) * tasks[t].Panels;
        }

        if (units == 0)
        {
            return;
        }

        // One thread: whole-width items, so A is packed exactly once per K block.
        int chunk = threads == 1
            ? int.MaxValue
            : (int)Math.Max(MinPanelsPerItem, (units + (threads * ItemsPerThread) - 1) / (threads * ItemsPerThread));
        var count = 0;
        for (var t = 0; t < taskCount; t++)
        {
            count += RowBlocks(tasks[t].M, TKernel.MC, TKernel.MR, out _) * ColumnChunks(tasks[t].Panels, chunk, out _);
        }

        Span<GemmItem> items = count <= 256 ? stackalloc GemmItem[count] : new GemmItem[count];
        var n = 0;
        for (var t = 0; t < taskCount; t++)
        {
            int blocks = RowBlocks(tasks[t].M, TKernel.MC, TKernel.MR, out int rowsPerBlock);
            int chunks = ColumnChunks(tasks[t].Panels, chunk, out int panelsPerChunk);

            // Row blocks innermost: items claimed together share their B columns, so the two threads read them from L3 once.
            for (var c = 0; c < chunks; c++)
            {
                for (var r = 0; r < blocks; r++)
                {
                    items[n++] = new GemmItem
                    {
                        Task = t,
                        Row0 = r * rowsPerBlock,
                        Row1 = Math.Min(tasks[t].M, (r + 1) * rowsPerBlock),
                        Panel0 = c * panelsPerChunk,
                        Panel1 = Math.Min(tasks[t].Panels, (c + 1) * panelsPerChunk),
                    };
                }
            }
        }

        fixed (GemmItem* itemPointer = items)
        {
            var job = new GemmJob { Tasks = tasks, Items = itemPointer };
            CpuParallel.For(count, &GemmDriver<TKernel>.RunItem, &job);
        }
    }

    /// <summary>Row blocks of at most MC rows, each a multiple of MR except the last; 0 for an empty task.</summary>
    private static int RowBlocks(int m, int mc, int mr, out int rowsPerBlock)
    {
        if (m <= 0)
        {
            rowsPerBlock = 0;
            return 0;
        }

        int blocks = (m + mc - 1) / mc;
        int rows = (m + blocks - 1) / blocks;
        rowsPerBlock = blocks == 1 ? m : (rows + mr - 1) / mr * mr;
        return (m + rowsPerBlock - 1) / rowsPerBlock;
    }

    /// <summary>Splits panels into equal chunks of about <paramref name="chunk"/> panels.</summary>
    private static int ColumnChunks(int panels, int chunk, out int panelsPerChunk)
    {
        int chunks = (panels + chunk - 1) / chunk;
        chunks = Math.Max(1, chunks);
        panelsPerChunk = (panels + chunks - 1) / chunks;
        return (panels + panelsPerChunk - 1) / panelsPerChunk;
    }
}
