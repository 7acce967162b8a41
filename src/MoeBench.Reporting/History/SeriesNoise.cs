using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.History;

/// <summary>
/// A series' noise, estimated robustly from differences so that steps, trends and outliers barely move it.
/// </summary>
/// <param name="Sigma">Marginal standard deviation of one point around the series' local level.</param>
/// <param name="Rho">Lag-1 autocorrelation of that noise, a low estimate (one standard error under the point estimate), in [0, <see cref="MaxRho"/>].</param>
public sealed record SeriesNoise(double Sigma, double Rho)
{
    /// <summary>Beyond this the noise is close to a random walk and a level is no longer defined; the estimate is capped.</summary>
    public const double MaxRho = 0.9;

    /// <summary>
    /// (1 + ρ)/(1 − ρ): how much more a segment mean wanders under AR(1) noise than under independent noise of the
    /// same σ. Scales the penalty and the confirmation, which both assume independence otherwise.
    /// </summary>
    public double LongRunFactor => (1 + Rho) / (1 - Rho);

    /// <summary>σ of the long-run (AR(1)-aware) noise: σ·√((1 + ρ)/(1 − ρ)). Effects are measured against it.</summary>
    public double LongRunSigma => Sigma * Math.Sqrt(LongRunFactor);

    /// <summary>
    /// σ and ρ from first differences, which a few steps barely touch and which a linear trend only shifts by a constant.
    /// ρ is the Yule–Walker estimate on differences of Gallagher, Killick, Lund &amp; Shi (2022, "Autocovariance
    /// estimation in the presence of changepoints", J. Korean Stat. Soc., arXiv 2102.10669): for AR(1) noise the lag-1
    /// autocorrelation of d[t] = x[t] − x[t−1] is −(1 − ρ)/2, so ρ = 1 + 2·r_d; differences are winsorised at 3 robust σ
    /// so that outliers and steps cannot dominate it. Its standard error is about 2/√n, large on a 30-night history
    /// (the MAD-ratio estimator of Chakar, Lebarbier, Lévy-Leduc &amp; Robin 2017 was tried first and read independent
    /// noise as ρ = 0.9 on a third of 30-point series); ρ is therefore taken one standard error low, so that short
    /// series are not silenced by an autocorrelation they may not have. σ = MAD(d)/√(2(1 − ρ)) with that same ρ,
    /// since Var(d) = 2σ²(1 − ρ): an overestimated ρ would inflate σ and hide real steps. A floor keeps a deterministic (modeled) series finite.
    /// </summary>
    public static SeriesNoise Estimate(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 4)
        {
            return new SeriesNoise(Floor(values), 0);
        }

        var diffs = Enumerable.Range(1, values.Count - 1).Select(t => values[t] - values[t - 1]).ToArray();
        var centre = RobustEstimators.Median(diffs);
        var spread = RobustEstimators.Sigma(diffs);
        if (spread <= 0)
        {
            return new SeriesNoise(Floor(values), 0);
        }

        var clipped = diffs.Select(d => Math.Clamp(d - centre, -3 * spread, 3 * spread)).ToArray();
        var mean = clipped.Average();
        var lag0 = clipped.Sum(d => (d - mean) * (d - mean));
        var lag1 = Enumerable.Range(1, clipped.Length - 1).Sum(t => (clipped[t] - mean) * (clipped[t - 1] - mean));
        var point = Math.Clamp(1 + (2 * lag1 / lag0), 0, MaxRho);
        var low = Math.Max(0, point - (2 / Math.Sqrt(values.Count)));
        var sigma = spread / Math.Sqrt(2 * (1 - low));
        return new SeriesNoise(Math.Max(sigma, Floor(values)), low);
    }

    /// <summary>A millionth of the series' typical magnitude (or 1e-12): the smallest noise ever assumed.</summary>
    private static double Floor(IReadOnlyList<double> values) =>
        Math.Max(1e-12, 1e-6 * (values.Count == 0 ? 0 : RobustEstimators.Median([.. values.Select(Math.Abs)])));
}
