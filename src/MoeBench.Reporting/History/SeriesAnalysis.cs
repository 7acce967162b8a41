namespace MoeBench.Reporting.History;

/// <summary>An abrupt change of level.</summary>
/// <param name="Index">First point of the new segment (0-based).</param>
/// <param name="Before">The old segment's fitted level just before the change.</param>
/// <param name="After">The new segment's fitted level just after it.</param>
/// <param name="Confidence">The jump in units of the series' long-run noise σ (an effect size, not a probability).</param>
public sealed record LevelStep(int Index, double Before, double After, double Confidence)
{
    public double Delta => After - Before;

    /// <summary>After/before − 1; null where the old level is 0 (a signed metric crossing zero has no ratio).</summary>
    public double? Magnitude => Before == 0 ? null : Delta / Math.Abs(Before);
}

/// <summary>A slow, steady change over a span of points: a creep, a leak, a machine that warms.</summary>
/// <param name="Start">First point of the drifting segment.</param>
/// <param name="End">Last point of it (inclusive).</param>
/// <param name="RatePerPoint">Change per point in the metric's unit (Theil's slope).</param>
/// <param name="StartLevel">The fitted level at <paramref name="Start"/>.</param>
/// <param name="Confidence">The change over the span in units of the series' long-run noise σ.</param>
public sealed record Drift(int Start, int End, double RatePerPoint, double StartLevel, double Confidence)
{
    public int Span => End - Start + 1;

    /// <summary>The rate relative to the starting level (0.005 = +0.5% per point); null where that level is 0.</summary>
    public double? RelativeRatePerPoint => StartLevel == 0 ? null : RatePerPoint / Math.Abs(StartLevel);

    /// <summary>The fitted change from the first point of the span to its last.</summary>
    public double Change => RatePerPoint * (Span - 1);
}

/// <summary>What the detector found in one series.</summary>
/// <param name="Steps">Abrupt changes, in order.</param>
/// <param name="Drifts">Drifting segments, in order.</param>
/// <param name="Segments">First index of every segment after the first: each step, and where a drift starts or ends without one.</param>
/// <param name="Noise">The noise the findings were measured against.</param>
public sealed record SeriesAnalysis(IReadOnlyList<LevelStep> Steps, IReadOnlyList<Drift> Drifts, IReadOnlyList<int> Segments, SeriesNoise Noise)
{
    public static SeriesAnalysis Empty { get; } = new([], [], [], new SeriesNoise(0, 0));
}
