using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.History;

/// <summary>
/// Settings of the history detector. Thresholds are in units of the series' own long-run noise (σ·√((1+ρ)/(1−ρ)),
/// see <see cref="SeriesNoise"/>), never p-values: a p-value shrinks as segments grow, so on a long drifting history
/// every difference becomes "significant" (issue 12: the t-test confirmation removed 15 of 187 candidates).
/// </summary>
public sealed record HistoryOptions
{
    /// <summary>Fewest points per segment: a line needs a few points beyond its two parameters to be told from noise.</summary>
    public int MinSegment { get; init; } = 6;

    /// <summary>
    /// Penalty per segment, in σ² per ln n, scaled by the AR(1) long-run factor. BIC would charge a segment's three
    /// parameters (level, slope, position) 1.5·ln n; asv's step fit uses a BIC-like 4·ln n for one parameter per jump.
    /// </summary>
    public double PenaltyPerLogN { get; init; } = 4;

    /// <summary>A step is kept when its jump is at least this many long-run σ.</summary>
    public double StepSigmas { get; init; } = 2;

    /// <summary>A segment drifts when its line moves at least this many long-run σ over its span.</summary>
    public double DriftSigmas { get; init; } = 3;

    /// <summary>Fewest points of a drift: on shorter spans a line through AR(1) noise moves by chance.</summary>
    public int MinDriftSpan { get; init; } = 16;

    /// <summary>
    /// Smallest step or drift kept, relative to the level (the larger in magnitude of the two levels at a step; the
    /// level where a drift starts). 1%: below Perfherder's 2% and asv's 5% (reference/regression-detection.md), above
    /// what a rerun of the same binary moves on a quiet machine.
    /// </summary>
    public RelativeThreshold MinMagnitude { get; init; } = new(0.01);

    public static HistoryOptions Default { get; } = new();
}
