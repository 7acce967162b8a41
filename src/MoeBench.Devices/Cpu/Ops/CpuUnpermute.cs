using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>
/// Weighted combine, gathering per token (each output row written once, by one thread, no atomics): the k expert
/// rows of a token are summed with their router weights into its output row.
/// </summary>
internal static unsafe class CpuUnpermute
{
    public static void Run(
        float* yPermuted, int* slotRow, int* ids, float* weights, float* x, float* constants, CombineSpec combine,
        int tokens, int topK, int hidden, float* y, bool accumulate)
    {
        var args = new Args
        {
            YPermuted = yPermuted,
            SlotRow = slotRow,
            Ids = ids,
            Weights = weights,
            X = x,
            Constants = constants,
            FirstConst = combine.FirstConst,
            FirstCopy = combine.FirstCopy,
            TopK = topK,
            Hidden = hidden,
            Y = y,
            Accumulate = accumulate,
        };
        CpuRows.For(tokens, (topK + 1L) * hidden * sizeof(float), &Tokens, &args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tokens(void* context, int start, int end)
    {
        var a = (Args*)context;
        float* yPermuted = a->YPermuted, weights = a->Weights, x = a->X, constants = a->Constants, y = a->Y;
        int* slotRow = a->SlotRow, ids = a->Ids;
        var (firstConst, firstCopy, topK, hidden, accumulate) = (a->FirstConst, a->FirstCopy, a->TopK, a->Hidden, a->Accumulate);
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
                else if (e >= firstConst)
                {
                    source = constants + ((long)(e - firstConst) * hidden);
                }
                else if (e >= firstCopy)
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

    private struct Args
    {
        public float* YPermuted;
        public int* SlotRow;
        public int* Ids;
        public float* Weights;
        public float* X;
        public float* Constants;
        public int FirstConst;
        public int FirstCopy;
        public int TopK;
        public int Hidden;
        public float* Y;
        public bool Accumulate;
    }
}
