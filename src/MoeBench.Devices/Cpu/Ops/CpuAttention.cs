using System.Runtime.CompilerServices;
using MoeBench.Core.Attention;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>
/// Paged grouped-query attention in two row-parallel passes: (1) each new row's keys are rotated and written with its
/// values into the cache; (2) each (row, KV head) item streams that head's cached keys once per block for all the
/// query heads of its group, with a block-wise online softmax (FlashAttention's rescaling) so no score buffer grows
/// with the context.
/// </summary>
internal static unsafe class CpuAttention
{
    // Scores of one block for every query head of a group live on the stack: bounded so a huge shape fails loudly.
    private const int MaxGroupBlockFloats = 8192;

    public static void Run(
        float* qkv, int* sequences, int sequenceCount, int* blockTable, float* rope, float* keyCache, float* valueCache,
        AttentionShape shape, float* output)
    {
        if (shape.Group * shape.BlockTokens > MaxGroupBlockFloats || shape.Group * shape.HeadDim > MaxGroupBlockFloats)
        {
            throw new ArgumentException($"attention: group {shape.Group} × block {shape.BlockTokens} / head {shape.HeadDim} is too large for the CPU kernel");
        }

        if (sequenceCount == 0)
        {
            return;
        }

        var last = sequences + ((sequenceCount - 1) * AttentionShape.SequenceFields);
        var rows = last[0] + last[1];
        var args = new Args
        {
            Qkv = qkv,
            Sequences = sequences,
            SequenceCount = sequenceCount,
            BlockTable = blockTable,
            Rope = rope,
            Keys = keyCache,
            Values = valueCache,
            Output = output,
            Heads = shape.Heads,
            KvHeads = shape.KvHeads,
            HeadDim = shape.HeadDim,
            BlockTokens = shape.BlockTokens,
        };
        CpuRows.For(rows, shape.QkvWidth * 8L, &WriteCache, &args);
        var contextBytes = (long)(last[2] + last[1]) * shape.HeadDim * 8;
        CpuRows.For(rows * shape.KvHeads, Math.Max(contextBytes, 1), &Attend, &args);
    }

    /// <summary>Sequence of query row <paramref name="row"/> (sequences are in row order).</summary>
    private static int* SequenceOf(Args* a, int row)
    {
        var s = a->Sequences;
        for (var i = 1; i < a->SequenceCount && a->Sequences[i * AttentionShape.SequenceFields] <= row; i++)
        {
            s = a->Sequences + (i * AttentionShape.SequenceFields);
        }

        return s;
    }

    private static long Slot(Args* a, int* sequence, int position) =>
        ((long)a->BlockTable[sequence[3] + (position / a->BlockTokens)] * a->BlockTokens) + (position % a->BlockTokens);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteCache(void* context, int start, int end)
    {
        var a = (Args*)context;
        var (h, kv, d) = (a->Heads, a->KvHeads, a->HeadDim);
        var width = (h + (2 * kv)) * d;
        for (var r = start; r < end; r++)
        {
            var sequence = SequenceOf(a, r);
            var position = sequence[2] + (r - sequence[0]);
            var slot = Slot(a, sequence, position);
            var row = a->Qkv + ((long)r * width);
            for (var g = 0; g < kv; g++)
            {
                var at = ((slot * kv) + g) * d;
                Rotate(row + ((h + g) * d), a->Rope + ((long)position * d), d, 1f, a->Keys + at);
                new ReadOnlySpan<float>(row + ((h + kv + g) * d), d).CopyTo(new Span<float>(a->Values + at, d));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Attend(void* context, int start, int end)
    {
        var a = (Args*)context;
        var (h, kv, d, bt) = (a->Heads, a->KvHeads, a->HeadDim, a->BlockTokens);
        var group = h / kv;
        var width = (h + (2 * kv)) * d;
        var scale = 1f / MathF.Sqrt(d);
        var q = stackalloc float[group * d];
        var acc = stackalloc float[group * d];
        var scores = stackalloc float[group * bt];
        var max = stackalloc float[group];
        var sum = stackalloc float[group];
        for (var item = start; item < end; item++)
        {
            var (r, g) = (item / kv, item % kv);
            var sequence = SequenceOf(a, r);
            var position = sequence[2] + (r - sequence[0]);
            var row = a->Qkv + ((long)r * width);
            for (var i = 0; i < group; i++)
            {
                Rotate(row + (((g * group) + i) * d), a->Rope + ((long)position * d), d, scale, q + (i * d));
                max[i] = float.NegativeInfinity;
                sum[i] = 0;
            }

            new Span<float>(acc, group * d).Clear();
            for (var first = 0; first <= position; first += bt)
            {
                var count = Math.Min(bt, position + 1 - first);
                var block = (long)a->BlockTable[sequence[3] + (first / bt)] * bt;
                for (var t = 0; t < count; t++)
                {
                    var key = a->Keys + ((((block + t) * kv) + g) * d);
                    for (var i = 0; i < group; i++)
                    {
                        scores[(i * bt) + t] = VectorMath.Dot(q + (i * d), key, d);
                    }
                }

                for (var i = 0; i < group; i++)
                {
                    var s = scores + (i * bt);
                    var blockMax = s[0];
                    for (var t = 1; t < count; t++)
                    {
                        blockMax = MathF.Max(blockMax, s[t]);
                    }

                    var newMax = MathF.Max(max[i], blockMax);
                    var rescale = MathF.Exp(max[i] - newMax);
                    sum[i] *= rescale;
                    VectorMath.Scale(acc + (i * d), rescale, d);
                    for (var t = 0; t < count; t++)
                    {
                        var p = MathF.Exp(s[t] - newMax);
                        sum[i] += p;
                        VectorMath.AddScaled(acc + (i * d), a->Values + ((((block + t) * kv) + g) * d), p, d);
                    }

                    max[i] = newMax;
                }
            }

            var o = a->Output + ((long)r * h * d) + (g * group * d);
            for (var i = 0; i < group; i++)
            {
                VectorMath.ScaleInto(acc + (i * d), 1f / sum[i], d, o + (i * d));
            }
        }
    }

    /// <summary>RoPE "rotate half" of one head with the position's cos/sin row, times <paramref name="scale"/>.</summary>
    private static void Rotate(float* x, float* cosSin, int d, float scale, float* y)
    {
        var half = d / 2;
        for (var j = 0; j < half; j++)
        {
            var (c, s) = (cosSin[j], cosSin[half + j]);
            var (x1, x2) = (x[j], x[half + j]);
            y[j] = ((x1 * c) - (x2 * s)) * scale;
            y[half + j] = ((x2 * c) + (x1 * s)) * scale;
        }
    }

    private struct Args
    {
        public float* Qkv;
        public int* Sequences;
        public int SequenceCount;
        public int* BlockTable;
        public float* Rope;
        public float* Keys;
        public float* Values;
        public float* Output;
        public int Heads;
        public int KvHeads;
        public int HeadDim;
        public int BlockTokens;
    }
}
