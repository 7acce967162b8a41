using System.Globalization;

namespace MoeBench.Core.Routing;

/// <summary>
/// How synthetic tokens spread over experts. Written in suites as <c>uniform</c>, <c>zipf:ALPHA</c> or
/// <c>hot:H</c>.
/// </summary>
public abstract record LoadDistribution
{
    /// <summary>Canonical text form; part of a case's identity.</summary>
    public abstract string Text { get; }

    /// <summary>Draws the top-k experts of each token, highest-ranked first: <c>[tokens × topK]</c>.</summary>
    public abstract int[] Sample(int tokens, int experts, int topK, Random random);

    /// <summary>
    /// Relative expected load of each expert. It draws the same seeded ranking that <see cref="Sample"/> draws
    /// first, so given a Random in the same state it names the experts that Sample favours.
    /// </summary>
    public abstract double[] Popularity(int experts, Random random);

    public static bool TryParse(string text, out LoadDistribution distribution, out string error)
    {
        distribution = null!;
        error = "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        var arg = colon < 0 ? null : text[(colon + 1)..];
        switch (kind)
        {
            case "uniform" when arg is null:
                distribution = new UniformLoad();
                return true;
            case "zipf" when arg is not null
                && double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha)
                && alpha > 0 && double.IsFinite(alpha):
                distribution = new ZipfLoad(alpha);
                return true;
            case "hot" when arg is not null
                && int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var hot) && hot >= 1:
                distribution = new HotLoad(hot);
                return true;
            default:
                error = $"bad routing '{text}': expected uniform, zipf:ALPHA (ALPHA > 0) or hot:H (H ≥ 1)";
                return false;
        }
    }

    public static LoadDistribution Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw new FormatException(error);

    /// <summary>Weighted draw of k distinct experts, sequentially without replacement.</summary>
    protected static void DrawWithoutReplacement(ReadOnlySpan<double> weights, Span<int> chosen, Random random)
    {
        Span<bool> taken = weights.Length <= 1024 ? stackalloc bool[weights.Length] : new bool[weights.Length];
        for (var slot = 0; slot < chosen.Length; slot++)
        {
            var total = 0.0;
            for (var e = 0; e < weights.Length; e++)
            {
                total += taken[e] ? 0 : weights[e];
            }

            var u = random.NextDouble() * total;
            var pick = -1;
            for (var e = 0; e < weights.Length; e++)
            {
                if (taken[e])
                {
                    continue;
                }

                pick = e;
                u -= weights[e];
                if (u < 0)
                {
                    break;
                }
            }

            taken[pick] = true;
            chosen[slot] = pick;
        }
    }
}

/// <summary>Every expert equally likely: the balanced case router auxiliary losses aim for.</summary>
public sealed record UniformLoad : LoadDistribution
{
    public override string Text => "uniform";

    public override double[] Popularity(int experts, Random random)
    {
        var weights = new double[experts];
        Array.Fill(weights, 1.0);
        return weights;
    }

    public override int[] Sample(int tokens, int experts, int topK, Random random)
    {
        var weights = Popularity(experts, random);
        var result = new int[tokens * topK];
        for (var t = 0; t < tokens; t++)
        {
            DrawWithoutReplacement(weights, result.AsSpan(t * topK, topK), random);
        }

        return result;
    }
}

/// <summary>
/// Expert popularity ∝ 1/rank^α over a seeded random ranking of experts, so the hottest expert is not always
/// expert 0. Real routers sit between α≈0.3 (Mixtral) and α≈1.5 (OLMoE top-1 on arXiv text).
/// </summary>
public sealed record ZipfLoad(double Alpha) : LoadDistribution
{
    public override string Text => string.Create(CultureInfo.InvariantCulture, $"zipf:{Alpha:R}");

    public override double[] Popularity(int experts, Random random) => Weights(experts, random);

    public double[] Weights(int experts, Random random)
    {
        var ranks = Enumerable.Range(0, experts).ToArray();
        random.Shuffle(ranks);
        var weights = new double[experts];
        for (var e = 0; e < experts; e++)
        {
            weights[e] = 1.0 / Math.Pow(ranks[e] + 1, Alpha);
        }

        return weights;
    }

    public override int[] Sample(int tokens, int experts, int topK, Random random)
    {
        var weights = Weights(experts, random);
        var result = new int[tokens * topK];
        for (var t = 0; t < tokens; t++)
        {
            DrawWithoutReplacement(weights, result.AsSpan(t * topK, topK), random);
        }

        return result;
    }
}

/// <summary>
/// Adversarial skew: <see cref="Hot"/> experts (a seeded random set) are chosen by every token. With H ≤ k each
/// token takes all H hot experts and k−H others uniformly; with H &gt; k it takes k of the H hot ones.
/// </summary>
public sealed record HotLoad(int Hot) : LoadDistribution
{
    public override string Text => string.Create(CultureInfo.InvariantCulture, $"hot:{Hot}");

    /// <summary>1 for the hot experts, 0 for the rest (which only fill the slots left over).</summary>
    public override double[] Popularity(int experts, Random random) => HotWeights(experts, random);

    private double[] HotWeights(int experts, Random random)
    {
        if (Hot > experts)
        {
            throw new ArgumentException($"hot:{Hot} needs at least {Hot} experts, the model has {experts}");
        }

        var order = Enumerable.Range(0, experts).ToArray();
        random.Shuffle(order);
        var hotWeights = new double[experts];
        for (var i = 0; i < Hot; i++)
        {
            hotWeights[order[i]] = 1.0;
        }

        return hotWeights;
    }

    public override int[] Sample(int tokens, int experts, int topK, Random random)
    {
        var hotWeights = HotWeights(experts, random);
        var coldWeights = new double[experts];
        for (var i = 0; i < experts; i++)
        {
            coldWeights[i] = 1.0 - hotWeights[i];
        }

        var result = new int[tokens * topK];
        var fromHot = Math.Min(Hot, topK);
        for (var t = 0; t < tokens; t++)
        {
            var row = result.AsSpan(t * topK, topK);
            DrawWithoutReplacement(hotWeights, row[..fromHot], random);
            if (fromHot < topK)
            {
                DrawWithoutReplacement(coldWeights, row[fromHot..], random);
            }
        }

        return result;
    }
}
