using MoeBench.Reporting.Comparison;

namespace MoeBench.Reporting.History;

/// <summary>Change-point settings for short CI histories.</summary>
public sealed record HistoryOptions
{
    /// <summary>
    /// Fewest points per segment. Perfolizer's default is 20, which needs 40 runs before anything can be seen; a
    /// nightly history of a few weeks is shorter, so 3 (the significance test below keeps short segments honest).
    /// </summary>
    public int MinDistance { get; init; } = 3;

    /// <summary>Each change must separate its neighbouring segments at this p (Otava's default 0.001; its
    /// maintainers found 0.05/0.01 flagged single outliers — apache/otava PR #126).</summary>
    public double MaxPValue { get; init; } = 0.001;

    /// <summary>Smallest change kept (Otava's min_magnitude, default 0; asv's step threshold is 5%).</summary>
    public RelativeThreshold MinMagnitude { get; init; } = new(0);

    public static HistoryOptions Default { get; } = new();
}
