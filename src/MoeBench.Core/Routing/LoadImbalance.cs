namespace MoeBench.Core.Routing;

/// <summary>
/// How unevenly one layer's tokens landed on its experts — the quantity that decides whether the grouped GEMM
/// waits on one hot expert. Stored with every layer result.
/// </summary>
/// <param name="TokensPerExpert">Routed rows each FFN expert received before any capacity drop.</param>
/// <param name="MaxOverMean">Busiest expert's load over the mean load (1 = perfectly balanced).</param>
/// <param name="CoefficientOfVariation">Standard deviation of the loads over their mean.</param>
/// <param name="DroppedTokens">Token-expert assignments discarded by a capacity limit.</param>
public sealed record LoadImbalance(
    IReadOnlyList<int> TokensPerExpert,
    double MaxOverMean,
    double CoefficientOfVariation,
    int DroppedTokens)
{
    /// <summary>Summarises an assignment <c>[tokens × topK]</c> of experts in <c>[0, experts)</c>; ids past that are ignored.</summary>
    public static LoadImbalance From(ReadOnlySpan<int> assignment, int experts, int capacity = int.MaxValue)
    {
        var counts = new int[experts];
        foreach (var e in assignment)
        {
            if ((uint)e < (uint)experts)
            {
                counts[e]++;
            }
        }

        var dropped = 0;
        var sum = 0.0;
        var max = 0;
        foreach (var c in counts)
        {
            dropped += Math.Max(0, c - capacity);
            sum += c;
            max = Math.Max(max, c);
        }

        var mean = sum / experts;
        var variance = 0.0;
        foreach (var c in counts)
        {
            variance += (c - mean) * (c - mean);
        }

        variance /= experts;
        return new LoadImbalance(
            counts,
            mean > 0 ? max / mean : 0,
            mean > 0 ? Math.Sqrt(variance) / mean : 0,
            dropped);
    }
}
