using System.Runtime.CompilerServices;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>
/// Dispatch: a counting sort of (token, slot) pairs by expert — stable, so rows within an expert keep token order
/// and capacity drops the latest tokens, as Switch/GShard do — then a parallel row copy.
/// </summary>
internal static unsafe class CpuPermute
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        float* x, int* ids, int tokens, int topK, int hidden, int ffnExperts, int capacity,
        float* xPermuted, int* offsets, int* slotRow)
    {
        Plan(ids, tokens, topK, ffnExperts, capacity, offsets, slotRow, null);
        var args = new Args { X = x, SlotRow = slotRow, TopK = topK, Hidden = hidden, XPermuted = xPermuted };
        CpuRows.For(tokens * topK, hidden * 2L * sizeof(float), &CopyRows, &args);
    }

    /// <summary>
    /// The dispatch without the copy: <paramref name="offsets"/> and <paramref name="slotRow"/> as <see cref="Run"/>
    /// computes them and, when given, <paramref name="rowToken"/>[row] = the token each kept row comes from — what a
    /// GEMM that gathers its rows while packing needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Plan(int* ids, int tokens, int topK, int ffnExperts, int capacity, int* offsets, int* slotRow, int* rowToken)
    {
        var slots = tokens * topK;
        var next = ffnExperts <= 512 ? stackalloc int[ffnExperts] : new int[ffnExperts];
        next.Clear();
        for (var s = 0; s < slots; s++)
        {
            if ((uint)ids[s] < (uint)ffnExperts)
            {
                next[ids[s]]++;
            }
        }

        offsets[0] = 0;
        for (var e = 0; e < ffnExperts; e++)
        {
            offsets[e + 1] = offsets[e] + Math.Min(next[e], capacity);
            next[e] = offsets[e];
        }

        for (var s = 0; s < slots; s++)
        {
            var e = ids[s];
            var row = (uint)e < (uint)ffnExperts && next[e] < offsets[e + 1] ? next[e]++ : -1;
            slotRow[s] = row;
            if (row >= 0 && rowToken != null)
            {
                rowToken[row] = s / topK;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows(void* context, int start, int end)
    {
        var a = (Args*)context;
        var rowBytes = (long)a->Hidden * sizeof(float);
        for (var s = start; s < end; s++)
        {
            var row = a->SlotRow[s];
            if (row >= 0)
            {
                Buffer.MemoryCopy(a->X + ((long)(s / a->TopK) * a->Hidden), a->XPermuted + ((long)row * a->Hidden), rowBytes, rowBytes);
            }
        }
    }

    private struct Args
    {
        public float* X;
        public int* SlotRow;
        public int TopK;
        public int Hidden;
        public float* XPermuted;
    }
}
