using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.ScaleEstimators;
using Pragmastat;

namespace MoeBench.Core.Statistics;

/// <summary>
/// Robust summary of per-invocation times in nanoseconds. Quantiles use the Harrell–Davis estimator and the
/// median's 95% confidence interval its Maritz–Jarrett standard error, both from Perfolizer (the statistics
/// library under BenchmarkDotNet) — smoother and more efficient than order statistics at the sample counts
/// a benchmark can afford.
/// </summary>
public sealed record SampleStatistics(
    int Count,
    double MedianNs,
    double MeanNs,
    double MinNs,
    double P10Ns,
    double P90Ns,
    double P99Ns,
    double MadNs,
    double CiLowerNs,
    double CiUpperNs)
{
    /// <summary>Dispersion relative to the centre: MAD (normal-consistent) over the median.</summary>
    public double RelativeMad => MedianNs > 0 ? MadNs / MedianNs : 0;

    public static SampleStatistics From(IReadOnlyList<double> samplesNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesNs.Count, 2, nameof(samplesNs));
        var sample = new Sample([.. samplesNs]);
        var hd = HarrellDavisQuantileEstimator.Instance;
        double Q(double p) => hd.Quantile(sample, new Probability(p)).NominalValue;
        var ci = hd.QuantileConfidenceIntervalEstimator(sample, Probability.Median).ConfidenceInterval(ConfidenceLevel.L95);
        var (lower, upper) = double.IsFinite(ci.Lower) && double.IsFinite(ci.Upper)
            ? (ci.Lower, ci.Upper)
            : OrderStatisticInterval(samplesNs);
        var median = Q(0.5);
        return new SampleStatistics(
            sample.Size,
            median,
            samplesNs.Average(),
            samplesNs.Min(),
            Q(0.1),
            Q(0.9),
            Q(0.99),
            MedianAbsoluteDeviationEstimator.HarrellDavis.Mad(sample),
            Math.Min(lower, median),
            Math.Max(upper, median));
    }

    /// <summary>
    /// Distribution-free 95% interval of the median from order statistics (ranks n/2 ∓ 0.98·√n). Used when the
    /// Maritz–Jarrett standard error degenerates: with (nearly) constant samples — a coarse timer, a modeled
    /// device — it is NaN, where the honest interval is [median, median].
    /// </summary>
    private static (double Lower, double Upper) OrderStatisticInterval(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var half = 0.98 * Math.Sqrt(sorted.Length);
        var lo = Math.Clamp((int)Math.Floor((sorted.Length / 2.0) - half), 0, sorted.Length - 1);
        var hi = Math.Clamp((int)Math.Ceiling((sorted.Length / 2.0) + half) - 1, 0, sorted.Length - 1);
        return (sorted[lo], sorted[hi]);
    }
}
