using MoeBench.Core.Models;

namespace MoeBench.Core.Routing;

/// <summary>
/// Turns a sampled expert assignment into an additive bias on the router logits. The router GEMM, score and
/// top-k still run for real on every token; the bias only steers which experts win, so a synthetic load
/// distribution is honoured while the gate's cost and correctness are measured as in a real model.
/// </summary>
public static class SyntheticRouting
{
    /// <summary>
    /// Margin between consecutive ranks under softmax scoring; router noise is kept well below it (see
    /// <see cref="RouterWeightScale"/>). Sigmoid scoring uses half of it: sigmoid saturates, and at
    /// logits above ~17 fp32 rounds it to exactly 1, which would tie the top experts in fp32 but not in fp64.
    /// </summary>
    public const float RankStep = 2.0f;

    /// <summary>
    /// Standard deviation of router weights: with unit-RMS inputs the raw logits have standard deviation 0.1, so two
    /// adjacent ranks (one step apart, the difference of two logits: σ ≈ 0.14) keep their sampled order to 7σ even
    /// under sigmoid's half step, and fp32 and fp64 routers pick the same experts in the same order.
    /// </summary>
    public static float RouterWeightScale(int hidden) => 0.1f / MathF.Sqrt(hidden);

    /// <summary>
    /// Bias <c>[tokens × experts]</c>: the rank-r chosen expert of a token gets (k − r)·step + 2·step, every other
    /// expert 0; step is <see cref="RankStep"/> for softmax, half of it for sigmoid.
    /// </summary>
    public static float[] LogitBias(ReadOnlySpan<int> assignment, int tokens, int experts, int topK, RoutingScore score)
    {
        var step = score == RoutingScore.Sigmoid ? RankStep / 2 : RankStep;
        var bias = new float[tokens * experts];
        for (var t = 0; t < tokens; t++)
        {
            for (var r = 0; r < topK; r++)
            {
                bias[(t * experts) + assignment[(t * topK) + r]] = (topK - r + 2) * step;
            }
        }

        return bias;
    }
}
