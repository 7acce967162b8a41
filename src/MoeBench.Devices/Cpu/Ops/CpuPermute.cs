using System.Runtime.CompilerServices;
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
            slotRow[s] = (uint)e < (uint)ffnExperts && next[e] < offsets[e + 1] ? next[e]++ : -1;
        }

        var rowBytes = (long)hidden * sizeof(float);
        RowParallel.For(slots, rowBytes * 2, (start, end) =>
        {
            for (var s = start; s < end; s++)
            {
                var row = slotRow[s];
                if (row >= 0)
                {
                    Buffer.MemoryCopy(x + ((long)(s / topK) * hidden), xPermuted + ((long)row * hidden), rowBytes, rowBytes);
                }
            }
        });
    }
}
