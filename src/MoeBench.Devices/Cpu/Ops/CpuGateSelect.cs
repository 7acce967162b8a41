using System.Runtime.CompilerServices;
using MoeBench.Core.Models;
using MoeBench.Core.Ops;
using MoeBench.Devices.Cpu.Kernels;

namespace MoeBench.Devices.Cpu.Ops;

/// <summary>
/// The part of the gate after the router GEMM: bias, score, group limit, top-k (one insertion pass) and weight
/// normalisation, per token.
/// </summary>
internal static unsafe class CpuGateSelect
{
    public static void Run(float* logits, float* logitBias, GateSpec spec, int tokens, int* ids, float* weights)
    {
        var args = new Args
        {
            Logits = logits,
            LogitBias = logitBias,
            Ids = ids,
            Weights = weights,
            Experts = spec.Experts,
            TopK = spec.TopK,
            Score = spec.Score,
            Renormalize = spec.Renormalize,
            RoutedScale = spec.RoutedScale,
            Groups = spec.Groups,
            TopKGroups = spec.TopKGroups,
        };
        CpuRows.For(tokens, spec.Experts * 16L, &Tokens, &args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tokens(void* context, int start, int end)
    {
        var spec = (Args*)context;
        float* logits = spec->Logits, logitBias = spec->LogitBias, weights = spec->Weights;
        int* ids = spec->Ids;
        var e = spec->Experts;
        Span<float> scores = e <= 1024 ? stackalloc float[e] : new float[e];
        Span<bool> eligible = e <= 1024 ? stackalloc bool[e] : new bool[e];
        for (var t = start; t < end; t++)
        {
            var row = new ReadOnlySpan<float>(logits + ((long)t * e), e);
            Score(row, logitBias == null ? default : new ReadOnlySpan<float>(logitBias + ((long)t * e), e), spec->Score, scores);
            Eligible(scores, spec->Groups, spec->TopKGroups, eligible);
            int* topIds = ids + ((long)t * spec->TopK);
            float* topWeights = weights + ((long)t * spec->TopK);
            TopK(scores, eligible, spec->TopK, topIds, topWeights);
            var sum = 0f;
            for (var r = 0; r < spec->TopK; r++)
            {
                sum += topWeights[r];
            }

            var factor = (float)((spec->Renormalize ? 1.0 / sum : 1.0) * spec->RoutedScale);
            for (var r = 0; r < spec->TopK; r++)
            {
                weights[(t * spec->TopK) + r] *= factor;
            }
        }
    }

    /// <summary>
    /// The k best eligible scores, best first, ties to the lower expert id: the order of the reference's repeated
    /// arg-max. One pass with an insertion list: most experts lose against the current k-th score in one compare,
    /// where repeated arg-max costs k passes (8 × 64 compares per OLMoE token, most of its gate time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TopK(ReadOnlySpan<float> scores, ReadOnlySpan<bool> eligible, int k, int* ids, float* top)
    {
        var count = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            var s = scores[j];
            if (!eligible[j] || (count == k && !(s > top[k - 1])))
            {
                continue;
            }

            // Shift the strictly worse entries down one place; an equal score keeps its place ahead (lower id).
            int i = count < k ? count++ : k - 1;
            for (; i > 0 && s > top[i - 1]; i--)
            {
                top[i] = top[i - 1];
                ids[i] = ids[i - 1];
            }

            top[i] = s;
            ids[i] = j;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Score(ReadOnlySpan<float> logits, ReadOnlySpan<float> bias, RoutingScore score, Span<float> scores)
    {
        for (var j = 0; j < logits.Length; j++)
        {
            scores[j] = logits[j] + (bias.IsEmpty ? 0f : bias[j]);
        }

        if (score == RoutingScore.Sigmoid)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                scores[j] = 1f / (1f + MathF.Exp(-scores[j]));
            }

            return;
        }

        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        var total = 0f;
        for (var j = 0; j < scores.Length; j++)
        {
            scores[j] = MathF.Exp(scores[j] - max);
            total += scores[j];
        }

        var inv = 1f / total;
        for (var j = 0; j < scores.Length; j++)
        {
            scores[j] *= inv;
        }
    }

    /// <summary>Group-limited routing as in the reference: keep the groups whose two best scores sum highest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Eligible(ReadOnlySpan<float> scores, int groups, int topKGroups, Span<bool> eligible)
    {
        eligible.Fill(true);
        if (groups <= 1)
        {
            return;
        }

        var size = scores.Length / groups;
        Span<float> groupScore = stackalloc float[groups];
        for (var g = 0; g < groups; g++)
        {
            float first = float.NegativeInfinity, second = float.NegativeInfinity;
            foreach (var s in scores.Slice(g * size, size))
            {
                if (s > first)
                {
                    (first, second) = (s, first);
                }
                else if (s > second)
                {
                    second = s;
                }
            }

            groupScore[g] = first + (size > 1 ? second : 0);
        }

        Span<bool> keep = stackalloc bool[groups];
        for (var r = 0; r < topKGroups; r++)
        {
            var best = -1;
            for (var g = 0; g < groups; g++)
            {
                if (!keep[g] && (best < 0 || groupScore[g] > groupScore[best]))
                {
                    best = g;
                }
            }

            keep[best] = true;
        }

        for (var j = 0; j < scores.Length; j++)
        {
            eligible[j] = keep[j / size];
        }
    }

    /// <summary>The gate spec's fields as plain data, so worker threads can read them through a pointer.</summary>
    private struct Args
    {
        public float* Logits;
        public float* LogitBias;
        public int* Ids;
        public float* Weights;
        public int Experts;
        public int TopK;
        public RoutingScore Score;
        public bool Renormalize;
        public double RoutedScale;
        public int Groups;
        public int TopKGroups;
    }
}
