using MoeBench.Reporting.Comparison.Stats;

namespace MoeBench.Reporting.History;

/// <summary>
/// One segment's model: a flat level (its median), or — when the segment is long enough and its line moves far enough
/// against the noise — a drifting line. Slopes are Theil's abbreviated estimator (Theil 1950: the median slope of
/// pairs half a segment apart), robust to outliers like Theil–Sen's all-pairs median and linear in the segment length.
/// </summary>
internal sealed record SegmentFit(int From, int To, double Level, double Slope, bool Drifting)
{
    public int Length => To - From;

    /// <summary>The fitted value at (fractional) position <paramref name="t"/>, extrapolated beyond the segment.</summary>
    public double At(double t) => Level + (Slope * (t - From));

    public static SegmentFit Of(double[] values, int from, int to, SeriesNoise noise, HistoryOptions options)
    {
        var length = to - from;
        var half = length / 2;
        var slope = half == 0 ? 0 : RobustEstimators.Median([.. Enumerable.Range(from, length - half).Select(t => (values[t + half] - values[t]) / half)]);
        var level = RobustEstimators.Median([.. Enumerable.Range(from, length).Select(t => values[t] - (slope * (t - from)))]);
        var change = Math.Abs(slope * (length - 1));
        var drifting = length >= options.MinDriftSpan
            && change >= options.DriftSigmas * noise.LongRunSigma
            && change >= options.MinMagnitude.Fraction * Math.Abs(level);
        return drifting
            ? new SegmentFit(from, to, level, slope, true)
            : new SegmentFit(from, to, RobustEstimators.Median(values[from..to]), 0, false);
    }
}
