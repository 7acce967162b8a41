using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// A case's run-to-run noise learned from the rounds of the compared runs themselves, for when history is short.
/// Every round of a run builds its inputs afresh at another moment (the engine's <c>rounds</c>, asv's
/// <c>rounds</c>/<c>processes</c>), so the spread of a case's round medians within each side shows what the samples
/// of one round cannot: a shared machine's slow phases and per-setup modes (two rounds of one run of an unchanged
/// case were measured 1.21 and 0.90 ms apart here). The samples of one round are not independent evidence of
/// anything beyond that round.
/// <para>The variance of a case's log round medians, pooled within both sides, has few degrees of freedom (two
/// rounds a side give two), so it is moderated toward the comparison's typical case as limma does for microarrays
/// (Smyth 2004): s̃² = (d₀·s₀² + d·s²)/(d₀ + d), with s₀² the median over the cases and d₀ prior degrees of freedom.
/// A steady case with an unluckily close pair of rounds is not then taken for noiseless, and a bimodal case keeps
/// most of its own spread.</para>
/// </summary>
/// <param name="Sigma">Moderated σ of one round's log median.</param>
/// <param name="DegreesOfFreedom">d + d₀ of its t statistics.</param>
/// <param name="BaselineRounds">Rounds pooled on the baseline side (over all its runs).</param>
/// <param name="CandidateRounds">Rounds pooled on the candidate side.</param>
internal sealed record RoundNoise(double Sigma, double DegreesOfFreedom, int BaselineRounds, int CandidateRounds)
{
    /// <summary>Standard error of the difference of the two sides' mean log round medians.</summary>
    public double StandardError => Sigma * Math.Sqrt((1.0 / BaselineRounds) + (1.0 / CandidateRounds));

    /// <summary>Pooled within-side variance of the log round medians and its degrees of freedom; null without two rounds on some side.</summary>
    public static (double Variance, int DegreesOfFreedom)? Raw(PooledCase baseline, PooledCase candidate)
    {
        var b = baseline.RoundMedians;
        var c = candidate.RoundMedians;
        var df = b.Count + c.Count - 2;
        if (b.Count < 2 || c.Count < 2)
        {
            return null;
        }

        return ((SumOfSquares(b) + SumOfSquares(c)) / df, df);
    }

    /// <summary>s₀²: the median raw variance over the cases that have one (null when fewer than three do).</summary>
    public static double? Prior(IEnumerable<(double Variance, int DegreesOfFreedom)?> raws)
    {
        var variances = raws.OfType<(double Variance, int DegreesOfFreedom)>().Select(r => r.Variance).ToArray();
        return variances.Length >= 3 ? RobustEstimators.Median(variances) : null;
    }

    public static RoundNoise? Moderate(PooledCase baseline, PooledCase candidate, double? prior, double priorDegreesOfFreedom)
    {
        if (Raw(baseline, candidate) is not { } raw)
        {
            return null;
        }

        var d0 = prior is null ? 0 : priorDegreesOfFreedom;
        var variance = ((d0 * (prior ?? 0)) + (raw.DegreesOfFreedom * raw.Variance)) / (d0 + raw.DegreesOfFreedom);
        var sigma = Math.Max(Math.Sqrt(variance), NoiseEstimate.MinSigma);
        return new RoundNoise(sigma, d0 + raw.DegreesOfFreedom, baseline.RoundMedians.Count, candidate.RoundMedians.Count);
    }

    private static double SumOfSquares(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean));
    }
}
