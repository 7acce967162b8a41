using ILGPU;

namespace MoeBench.Devices.Ilgpu.Kernels;

/// <summary>The gate's settings as kernel scalars (<c>GateSpec</c> with its enum and flags as ints).</summary>
internal readonly record struct GateArgs(
    int Experts, int TopK, int Sigmoid, int Renormalize, float RoutedScale, int Groups, int TopKGroups, int HasBias);

/// <summary>
/// The gate after its router GEMM, one thread per token, as <c>ReferenceOps.Gate</c>: logit bias, softmax or sigmoid
/// scores, the group limit, top-k best first (ties to the lower expert id, as the reference's repeated arg-max) and
/// the weight normalisation. The token's row of logits is its scratch space: scores overwrite it, and a chosen or
/// ineligible expert is marked −1, below every score (scores are in [0, 1]). Kept groups are a 64-bit mask, so at
/// most 64 groups (<see cref="MaxGroups"/>; DeepSeek-V3 has 8).
/// </summary>
internal static class GateKernel
{
    public const int MaxGroups = 64;

    private const float Taken = -1f;

    public static void Select(Index1D token, ArrayView<float> logits, ArrayView<float> bias, ArrayView<int> ids, ArrayView<float> weights, GateArgs args)
    {
        var e = args.Experts;
        long row = (long)token.X * e;
        Score(logits, bias, row, args);
        if (args.Groups > 1)
        {
            LimitGroups(logits, row, args);
        }

        long top = (long)token.X * args.TopK;
        var sum = 0f;
        for (var r = 0; r < args.TopK; r++)
        {
            var best = 0;
            for (var j = 1; j < e; j++)
            {
                if (logits[row + j] > logits[row + best])
                {
                    best = j;
                }
            }

            ids[top + r] = best;
            weights[top + r] = logits[row + best];
            sum += logits[row + best];
            logits[row + best] = Taken;
        }

        var factor = (float)((args.Renormalize != 0 ? 1.0 / sum : 1.0) * args.RoutedScale);
        for (var r = 0; r < args.TopK; r++)
        {
            weights[top + r] *= factor;
        }
    }

    private static void Score(ArrayView<float> logits, ArrayView<float> bias, long row, GateArgs args)
    {
        var e = args.Experts;
        var max = float.NegativeInfinity;
        for (var j = 0; j < e; j++)
        {
            var l = logits[row + j] + (args.HasBias != 0 ? bias[row + j] : 0f);
            logits[row + j] = l;
            max = Math.Max(max, l);
        }

        if (args.Sigmoid != 0)
        {
            for (var j = 0; j < e; j++)
            {
                logits[row + j] = 1f / (1f + DeviceMath.Exp(-logits[row + j]));
            }

            return;
        }

        var total = 0f;
        for (var j = 0; j < e; j++)
        {
            var s = DeviceMath.Exp(logits[row + j] - max);
            logits[row + j] = s;
            total += s;
        }

        for (var j = 0; j < e; j++)
        {
            logits[row + j] /= total;
        }
    }

    /// <summary>Group-limited routing (DeepSeek-V3): a group scores the sum of its two best; experts outside the best groups are marked taken.</summary>
    private static void LimitGroups(ArrayView<float> logits, long row, GateArgs args)
    {
        var size = args.Experts / args.Groups;
        var kept = 0UL;
        for (var r = 0; r < args.TopKGroups; r++)
        {
            var best = -1;
            var bestScore = 0f;
            for (var g = 0; g < args.Groups; g++)
            {
                if ((kept & (1UL << g)) != 0)
                {
                    continue;
                }

                float first = float.NegativeInfinity, second = float.NegativeInfinity;
                for (var j = g * size; j < (g + 1) * size; j++)
                {
                    var s = logits[row + j];
                    if (s > first)
                    {
                        second = first;
                        first = s;
                    }
                    else if (s > second)
                    {
                        second = s;
                    }
                }

                var score = first + (size > 1 ? second : 0f);
                if (best < 0 || score > bestScore)
                {
                    best = g;
                    bestScore = score;
                }
            }

            kept |= 1UL << best;
        }

        for (var j = 0; j < args.Experts; j++)
        {
            if ((kept & (1UL << (j / size))) == 0)
            {
                logits[row + j] = Taken;
            }
        }
    }
}
