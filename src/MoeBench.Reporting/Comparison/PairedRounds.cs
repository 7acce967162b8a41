using MoeBench.Reporting.Comparison.Stats;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;
using Pragmastat;

namespace MoeBench.Reporting.Comparison;

/// <summary>
/// A case's evidence from two runs measured in turns (<see cref="Selection.RunTurns"/>): round r of the candidate ran
/// beside round r of the baseline, so the difference of their log medians, dᵣ, holds the change and little of the
/// host's phases, which moved both. The shift is the Hodges–Lehmann estimate of the dᵣ with Tukey's interval, its
/// noise the standard error that interval implies, and its test the exact Wilcoxon signed-rank test
/// (<see cref="SignedRank"/>). A round that met a slow phase on one side only (seen here: one round of an unchanged hot
/// GEMM 64% apart while its other rounds were within 2%) is not evidence about the code: it is set aside first, by
/// Iglewicz and Hoaglin's modified z-score (|dᵣ − median| &gt; 3.5 MAD-sigmas; "How to Detect and Handle Outliers",
/// 1993), as BenchmarkDotNet removes outlier iterations before it summarises. Left in, such rounds take the highest
/// ranks on either side and stretch Tukey's interval to the outlier (seen in tests: +4.2%..+21.9% around a clean +5%).
/// </summary>
/// <param name="Differences">dᵣ for every round valid on both sides and not set aside.</param>
/// <param name="SetAside">Rounds set aside as one side's phase.</param>
/// <param name="Spread">Interquartile range of <paramref name="Differences"/> (log): how far apart the kept rounds are.</param>
internal sealed record PairedRounds(ShiftEstimate Shift, double StandardError, IReadOnlyList<double> Differences, int SetAside, double Spread)
{
    /// <summary>Iglewicz and Hoaglin's cut on the modified z-score.</summary>
    private const double OutlierZ = 3.5;

    public int Rounds => Differences.Count;

    /// <summary>The evidence, or null when the sides lack <see cref="ComparisonOptions.MinPairedRounds"/> rounds valid on both.</summary>
    public static PairedRounds? From(PooledCase baseline, PooledCase candidate, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var b = PooledCase.LogRoundMediansByRound(baseline.Newest, options.Metric);
        var c = PooledCase.LogRoundMediansByRound(candidate.Newest, options.Metric);
        if (b.Count != c.Count)
        {
            return null;
        }

        var all = b.Zip(c, (x, y) => y - x).Where(double.IsFinite).ToArray();
        if (all.Length < ComparisonOptions.MinPairedRounds || all.Length > SignedRank.MaxCount)
        {
            return null;
        }

        // A round within the interleaved floor of the others is never set aside: rounds of a tight case can sit a
        // fraction of a percent apart, and dropping those would only narrow the interval.
        var median = RobustEstimators.Median(all);
        var fence = Math.Max(OutlierZ * RobustEstimators.Sigma(all), options.InterleavedNoiseFloor.LogRatio);
        var d = all.Where(v => Math.Abs(v - median) <= fence).ToArray();
        if (d.Length < ComparisonOptions.MinPairedRounds)
        {
            return null;
        }

        var shift = SignedRank.HodgesLehmann(d, options.ConfidenceLevel);
        var z = NormalDistribution.Standard.Quantile(new Probability(0.5 + (options.ConfidenceLevel / 2)));
        var sorted = d.Order().ToArray();
        var spread = sorted[(3 * (sorted.Length - 1)) / 4] - sorted[(sorted.Length - 1) / 4];
        return new PairedRounds(shift, Math.Max(NoiseEstimate.MinSigma, (shift.Upper - shift.Lower) / (2 * z)), d, all.Length - d.Length, spread);
    }

    /// <summary>Two-sided signed-rank p of the differences after removing <paramref name="drift"/> (log).</summary>
    public double PValue(double drift) => SignedRank.TwoSidedPValue([.. Differences.Select(d => d - drift)]);
}
