using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MoeBench.Core;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Quant;

/// <summary>How a quantized product turns codes into fp32; tests pin a path to cover it on any row count.</summary>
internal enum QuantPath
{
    /// <summary>
    /// Where AVX-512BW is present, int8/int4 by integer dot products at any group height; otherwise streaming for
    /// decode-size groups (AVX-512 tiles where present, else AVX2) and dequantize-then-fp32 for taller groups.
    /// </summary>
    Auto,

    /// <summary>Unpack in registers, tiles of up to 4 rows (<see cref="QuantStreamKernel"/>); needs AVX2 + FMA.</summary>
    Stream,

    /// <summary>Unpack in registers, tiles of up to 8 rows (<see cref="QuantStreamKernel512"/>); needs AVX-512F/BW.</summary>
    Stream512,

    /// <summary>
    /// int8/int4 codes times activations quantized per row to int16, by integer dot products
    /// (<see cref="QuantMaddKernel512"/>), tiles of up to 8 rows, any number of rows; f32, bf16 and int4 groups of
    /// other than a multiple of 4 k stream as <see cref="Stream512"/> (and dequantize above 12 rows).
    /// Needs AVX-512F/BW.
    /// </summary>
    IntDot512,

    /// <summary>Unpack blocks of panels to fp32, run the fp32 micro-kernel (<see cref="PanelDequantizer"/>).</summary>
    Dequantize,

    /// <summary><see cref="Dequantize"/> with element-by-element unpacking: the path of processors without AVX2.</summary>
    DequantizeScalar,
}

/// <summary>
/// The expert product over low-precision weights: rows routed to expert g multiply expert g's
/// <see cref="QuantPanels"/>, all non-empty groups in one <see cref="CpuParallel"/> region (items = group × run of
/// panels), empty groups never touched. Where AVX-512BW is present int8/int4 groups of any height run by integer dot
/// products (<see cref="QuantMaddKernel512"/>). Otherwise decode-size groups stream their panels once through
/// <see cref="QuantStreamKernel"/>, so the bytes read are the format's bytes; taller groups dequantize blocks of
/// panels into an L2-resident fp32 block and reuse the fp32 GEMM driver, where the FMAs, not the bytes, are the cost.
/// The float64 reference is <c>MoeBench.Core.Reference.ReferenceOps.QuantGroupedGemm</c>.
/// </summary>
internal static unsafe class QuantGroupedGemm
{
    /// <summary>
    /// Tallest group that streams: up to 12 rows the per-tile unpacking (3 tiles of 4 rows re-reading the panel
    /// from L1) is still cheaper than writing and re-reading an fp32 copy of the weights.
    /// </summary>
    public const int StreamRowsMax = 12;

    // Items per thread, as GemmRunner: dynamic claiming evens out a noisy shared machine.
    private const int ItemsPerThread = 6;

    // fp32 block a dequantizing item expands at once: half a 512 KiB L2, leaving room for the packed A block.
    private const long DequantBlockBytes = 256 << 10;

    [ThreadStatic]
    private static float[]? t_block;

    [ThreadStatic]
    private static short[]? t_codes;

    [ThreadStatic]
    private static float[]? t_rowScales;

    public static void Multiply(float* a, int* offsets, IReadOnlyList<QuantPanels> b, float* c, QuantPath path = QuantPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (offsets == null)
        {
            throw new ArgumentNullException(nameof(offsets));
        }

        var groups = b.Count;
        var active = 0;
        for (var g = 0; g < groups; g++)
        {
            if (offsets[g] < 0 || offsets[g + 1] < offsets[g])
            {
                throw new ArgumentException($"offsets must be non-negative and non-decreasing; offsets[{g}..{g + 1}] = {offsets[g]}, {offsets[g + 1]}.", nameof(offsets));
            }

            active += offsets[g + 1] > offsets[g] ? 1 : 0;
        }

        if (active == 0)
        {
            return;
        }

        if (a == null || c == null)
        {
            throw new ArgumentNullException(a == null ? nameof(a) : nameof(c));
        }

        if (path == QuantPath.Stream && !QuantStreamKernel.IsSupported)
        {
            throw new PlatformNotSupportedException("the streaming int8/int4 kernel needs AVX2 and FMA");
        }

        if (path == QuantPath.Stream512 && !QuantStreamKernel512.IsSupported)
        {
            throw new PlatformNotSupportedException("the AVX-512 streaming int8/int4 kernel needs AVX-512F and AVX-512BW");
        }

        if (path == QuantPath.IntDot512 && !QuantMaddKernel512.IsSupported)
        {
            throw new PlatformNotSupportedException("the integer dot-product int8/int4 kernel needs AVX-512F and AVX-512BW");
        }

        Span<QuantTask> tasks = active <= 64 ? stackalloc QuantTask[active] : new QuantTask[active];
        var t = 0;
        for (var g = 0; g < groups; g++)
        {
            int r0 = offsets[g];
            int rows = offsets[g + 1] - r0;
            if (rows > 0)
            {
                tasks[t++] = QuantTask.For(a + ((long)r0 * b[g].K), b[g], c + ((long)r0 * b[g].N), rows);
            }
        }

        var stream = path is QuantPath.Stream or QuantPath.Stream512 or QuantPath.IntDot512 || (path == QuantPath.Auto && QuantStreamKernel.IsSupported);
        var intDot = path == QuantPath.IntDot512 || (path == QuantPath.Auto && QuantMaddKernel512.IsSupported);
        if (stream && intDot)
        {
            QuantizeActivations(tasks);
        }

        var panels = b[0].Panels;
        var items = Split(tasks, panels);
        fixed (QuantTask* taskPointer = tasks)
        fixed (QuantItem* itemPointer = items)
        {
            var job = new QuantJob
            {
                Tasks = taskPointer,
                Items = itemPointer,
                Stream = stream,
                Stream512 = path is QuantPath.Stream512 or QuantPath.IntDot512 || (path == QuantPath.Auto && QuantStreamKernel512.IsSupported),
                VectorDequantize = path != QuantPath.DequantizeScalar && QuantStreamKernel.IsSupported,
            };
            CpuParallel.For(items.Length, &RunItem, &job);
        }

        GC.KeepAlive(b);
    }

    /// <summary>
    /// int16 codes and block scales of every row that multiplies integer weights by integer dot products
    /// (<see cref="IntegerCodes"/>), once per call, into this thread's buffers: each task's A is read once
    /// here instead of once per panel, and its codes are then read by every panel's tile.
    /// </summary>
    private static void QuantizeActivations(Span<QuantTask> tasks)
    {
        long codes = 0, scales = 0;
        foreach (ref readonly var task in tasks)
        {
            if (IntegerCodes(task))
            {
                codes += (long)task.M * ActivationQuantizer.Stride(task.K);
                scales += (long)task.M * ActivationQuantizer.Blocks(task.K);
            }
        }

        if (scales == 0)
        {
            return;
        }

        short* code = Grown(ref t_codes, codes);
        float* scale = Grown(ref t_rowScales, scales);
        foreach (ref var task in tasks)
        {
            if (IntegerCodes(task))
            {
                ActivationQuantizer.Quantize(task.A, task.M, task.K, code, scale);
                task.Codes = code;
                task.RowScales = scale;
                code += (long)task.M * ActivationQuantizer.Stride(task.K);
                scale += (long)task.M * ActivationQuantizer.Blocks(task.K);
            }
        }
    }

    /// <summary>
    /// Whether a task runs by integer dot products: int8, or int4 whose groups start at multiples of 4 k (the kernel
    /// takes pairs two at a time) — at any height. Unlike fp32 tiles, the integer tiles beat dequantizing into the
    /// fp32 GEMM well past decode sizes: Mixtral@1/4 int8 at 64 / 128 / 512 tokens (16 / 32 / 128 rows per expert)
    /// took the up projection from 13.7 / 22.9 / 79.0 ms to 6.5 / 12.8 / 49.0 (fp32: 17.6 ms at 128 tokens, 67.7
    /// at 512), since a vpmaddwd does twice an FMA's multiply-adds and re-unpacking int8 per 8-row tile is one
    /// instruction per k pair. The codes cost half the fp32 activations the caller already holds.
    /// </summary>
    private static bool IntegerCodes(in QuantTask task) =>
        task.DType == DType.I8 || (task.DType == DType.I4 && task.GroupRows % 4 == 0);

    /// <summary>A pinned per-thread buffer of at least <paramref name="length"/> elements, grown rarely; pinned, so pointers into it stay valid across GCs (the workers read the codes, the dequantized block keeps its alignment).</summary>
    private static T* Grown<T>(ref T[]? buffer, long length)
        where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(checked((int)length), pinned: true);
        }

        return (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
    }

    /// <summary>About Threads × 6 items, each task's share by its work (panels × rows, at least 4 rows' worth).</summary>
    private static QuantItem[] Split(ReadOnlySpan<QuantTask> tasks, int panels)
    {
        int target = CpuParallel.Threads == 1 ? 1 : CpuParallel.Threads * ItemsPerThread;
        double total = 0;
        foreach (var task in tasks)
        {
            total += Math.Max(task.M, 4);
        }

        var items = new List<QuantItem>(target + tasks.Length);
        for (var t = 0; t < tasks.Length; t++)
        {
            int share = Math.Clamp((int)Math.Round(target * Math.Max(tasks[t].M, 4) / total), 1, panels);
            int perItem = (panels + share - 1) / share;
            for (var p = 0; p < panels; p += perItem)
            {
                items.Add(new QuantItem { Task = t, Panel0 = p, Panel1 = Math.Min(panels, p + perItem) });
            }
        }

        return [.. items];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunItem(void* context, int index)
    {
        var job = (QuantJob*)context;
        QuantItem item = job->Items[index];
        QuantTask* task = job->Tasks + item.Task;
        if (job->Stream && task->Codes != null)
        {
            StreamIntegers(task, item.Panel0, item.Panel1);
        }
        else if (job->Stream && task->M <= StreamRowsMax)
        {
            Stream(task, item.Panel0, item.Panel1, job->Stream512);
        }
        else
        {
            DequantizeAndMultiply(task, item.Panel0, item.Panel1, job->VectorDequantize);
        }
    }

    private static void Stream(QuantTask* t, int panel0, int panel1, bool wide)
    {
        switch (t->DType)
        {
            case DType.F32: Stream<F32Panel>(t, panel0, panel1, wide); break;
            case DType.BF16: Stream<Bf16Panel>(t, panel0, panel1, wide); break;
            case DType.I8: Stream<I8Panel>(t, panel0, panel1, wide); break;
            default: Stream<I4Panel>(t, panel0, panel1, wide); break;
        }
    }

    /// <summary>
    /// Each panel streamed once per tile down the rows: AVX2 tiles of up to 4 rows; with <paramref name="wide"/>
    /// AVX-512 tiles of up to 8, 9–12 rows split evenly (10 = 5 + 5) as the fp32 driver splits its tails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stream<TFormat>(QuantTask* t, int panel0, int panel1, bool wide)
        where TFormat : struct, IPanelFormat
    {
        for (int p = panel0; p < panel1; p++)
        {
            byte* panel = t->Data + (p * t->PanelBytes);
            float* scales = t->Scales + ((long)p * t->ScaleRows * QuantPanels.Width);
            int cols = Math.Min(QuantPanels.Width, t->N - (p * QuantPanels.Width));
            for (var i = 0; i < t->M;)
            {
                int left = t->M - i;
                int rows = !wide ? Math.Min(4, left) : left <= QuantStreamKernel512.MaxRows ? left : (left + 1) / 2;
                float* a = t->A + ((long)i * t->K);
                float* c = t->C + ((long)i * t->N) + (p * QuantPanels.Width);
                if (wide)
                {
                    Tile512<TFormat>(rows, a, t, panel, scales, c, cols);
                }
                else
                {
                    Tile256<TFormat>(rows, a, t, panel, scales, c, cols);
                }

                i += rows;
            }
        }
    }

    private static void StreamIntegers(QuantTask* t, int panel0, int panel1)
    {
        if (t->DType == DType.I8)
        {
            StreamIntegers<I8WordPairs>(t, panel0, panel1);
        }
        else
        {
            StreamIntegers<I4WordPairs>(t, panel0, panel1);
        }
    }

    /// <summary>
    /// As <see cref="Stream{TFormat}"/> with AVX-512 tiles, over the task's int16 activation codes: tiles of 8 rows
    /// walked as the fp32 driver walks its own (<see cref="ALayout.TileRows"/>), so no tile is left with a row or two
    /// that would unpack a whole panel for little work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StreamIntegers<TFormat>(QuantTask* t, int panel0, int panel1)
        where TFormat : struct, IWordPairFormat
    {
        int stride = ActivationQuantizer.Stride(t->K), blocks = ActivationQuantizer.Blocks(t->K);
        for (int p = panel0; p < panel1; p++)
        {
            byte* panel = t->Data + (p * t->PanelBytes);
            float* scales = t->Scales + ((long)p * t->ScaleRows * QuantPanels.Width);
            int cols = Math.Min(QuantPanels.Width, t->N - (p * QuantPanels.Width));
            for (var i = 0; i < t->M;)
            {
                int left = t->M - i;
                int rows = ALayout.TileRows(left, QuantMaddKernel512.MaxRows);
                short* codes = t->Codes + ((long)i * stride);
                float* c = t->C + ((long)i * t->N) + (p * QuantPanels.Width);
                TileIntegers<TFormat>(rows, codes, stride, t->RowScales + ((long)i * blocks), blocks, t, panel, scales, c, cols);
                i += rows;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileIntegers<TFormat>(int rows, short* codes, int stride, float* rowScales, int blocks, QuantTask* t, byte* panel, float* scales, float* c, int cols)
        where TFormat : struct, IWordPairFormat
    {
        switch (rows)
        {
            case 8: QuantMaddKernel512.Run<Rows8, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 7: QuantMaddKernel512.Run<Rows7, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 6: QuantMaddKernel512.Run<Rows6, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 5: QuantMaddKernel512.Run<Rows5, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 4: QuantMaddKernel512.Run<Rows4, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 3: QuantMaddKernel512.Run<Rows3, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 2: QuantMaddKernel512.Run<Rows2, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
            default: QuantMaddKernel512.Run<Rows1, TFormat>(codes, stride, rowScales, blocks, panel, t->PairBytes, scales, t->K, t->GroupRows, c, t->N, cols); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile256<TFormat>(int rows, float* a, QuantTask* t, byte* panel, float* scales, float* c, int cols)
        where TFormat : struct, IPanelFormat
    {
        switch (rows)
        {
            case 4: QuantStreamKernel.Run<Rows4, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 3: QuantStreamKernel.Run<Rows3, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 2: QuantStreamKernel.Run<Rows2, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            default: QuantStreamKernel.Run<Rows1, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile512<TFormat>(int rows, float* a, QuantTask* t, byte* panel, float* scales, float* c, int cols)
        where TFormat : struct, IPanelFormat
    {
        switch (rows)
        {
            case 8: QuantStreamKernel512.Run<Rows8, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 7: QuantStreamKernel512.Run<Rows7, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 6: QuantStreamKernel512.Run<Rows6, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 5: QuantStreamKernel512.Run<Rows5, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 4: QuantStreamKernel512.Run<Rows4, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 3: QuantStreamKernel512.Run<Rows3, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            case 2: QuantStreamKernel512.Run<Rows2, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
            default: QuantStreamKernel512.Run<Rows1, TFormat>(a, t->K, panel, scales, t->K, t->GroupRows, c, t->N, cols); break;
        }
    }

    /// <summary>
    /// Blocks of panels expanded to fp32 (f32 weights are already in that layout and run in place), each run
    /// through the fp32 driver as one task of all the rows: the block is reused from L2 by every row tile.
    /// </summary>
    private static void DequantizeAndMultiply(QuantTask* t, int panel0, int panel1, bool vector)
    {
        long panelFloats = (long)(t->K + (t->K & 1)) * QuantPanels.Width;
        int perBlock = (int)Math.Clamp(DequantBlockBytes / (panelFloats * sizeof(float)), 1, panel1 - panel0);

        // Pinned, so the block keeps its 64-byte alignment across GCs; one per thread, grown rarely.
        bool inPlace = t->DType == DType.F32;
        float* aligned = inPlace ? null : (float*)(((nuint)Grown(ref t_block, (panelFloats * perBlock) + 16) + 63) & ~(nuint)63);
        for (int p = panel0; p < panel1; p += perBlock)
        {
            int count = Math.Min(perBlock, panel1 - p);
            float* b = aligned;
            if (inPlace)
            {
                b = (float*)(t->Data + (p * t->PanelBytes));
            }
            else
            {
                PanelDequantizer.Run(*t, p, count, b, vector);
            }

            var gemm = new GemmTask
            {
                A = t->A,
                Lda = t->K,
                B = b,
                PanelStride = panelFloats,
                K = t->K,
                N = Math.Min(count * QuantPanels.Width, t->N - (p * QuantPanels.Width)),
                Panels = count,
                C = t->C + (p * QuantPanels.Width),
                Ldc = t->N,
                M = t->M,
                Accumulate = false,
            };
            var item = new GemmItem { Task = 0, Row0 = 0, Row1 = t->M, Panel0 = 0, Panel1 = count };
            var job = new GemmJob { Tasks = &gemm, Items = &item };
            GemmDriver<Kernel256>.RunItem(&job, 0);
        }
    }
}
