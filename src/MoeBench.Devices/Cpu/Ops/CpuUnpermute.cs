using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Core.Ops;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>
/// Weighted combine, gathering per token (each output row written once, by one thread, no atomics): the k expert
/// rows of a token are summed with their router weights into its output row.
/// </summary>
internal static unsafe class CpuUnpermute
{
    public static void Run(
        float* yPermuted, int* slotRow, int* ids, float* weights, float* x, float* constants, CombineSpec combine,
        int tokens, int topK, int hidden, float* y, bool accumulate) =>
        RowParallel.For(tokens, (topK + 1L) * hidden * sizeof(float), (start, end) =>
            Tokens(yPermuted, slotRow, ids, weights, x, constants, combine, start, end, topK, hidden, y, accumulate));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tokens(
        float* yPermuted, int* slotRow, int* ids, float* weights, float* x, float* constants, CombineSpec combine,
        int start, int end, int topK, int hidden, float* y, bool accumulate)
    {
        for (var t = start; t < end; t++)
        {
            var output = y + ((long)t * hidden);
            if (!accumulate)
            {
                new Span<float>(output, hidden).Clear();
            }

            for (var slot = 0; slot < topK; slot++)
            {
                var s = (t * topK) + slot;
                var e = ids[s];
                float* source;
                if (slotRow[s] >= 0)
                {
                    source = yPermuted + ((long)slotRow[s] * hidden);
                }
                else if (e >= combine.FirstConst)
                {
                    source = constants + ((long)(e - combine.FirstConst) * hidden);
                }
                else if (e >= combine.FirstCopy)
                {
                    source = x + ((long)t * hidden);
                }
                else
                {
                    continue; // dropped by capacity, or a zero expert
                }

                Axpy(weights[s], source, output, hidden);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy(float alpha, float* source, float* target, int length)
    {
        var a = Vector256.Create(alpha);
        var j = 0;
        for (; j <= length - 8; j += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.Load(source + j), a, Vector256.Load(target + j)).Store(target + j);
        }

        for (; j < length; j++)
        {
            target[j] += alpha * source[j];
        }
    }
}
