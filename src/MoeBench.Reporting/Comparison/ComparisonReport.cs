namespace MoeBench.Reporting.Comparison;

/// <summary>
/// The machine-wide shift between baseline and candidate, estimated from the matched cases that do not stand out
/// (see <c>CommonMode</c>). Baseline and candidate measured at different times on a shared machine drift together
/// (reference doc: php-judy#87, dotnet/runtime#39121); a case is judged on how far it stands out from this.
/// </summary>
/// <param name="Ratio">The shift as a ratio (1.05 = everything 5% slower); null when not estimated.</param>
/// <param name="Cases">Matched cases it was estimated from.</param>
/// <param name="Removed">Whether verdicts were computed relative to it (whenever it was estimated).</param>
/// <param name="Note">How large it was and what was done with it.</param>
/// <param name="BeyondDrift">Larger than <see cref="ComparisonOptions.MaxCommonShift"/>: too large for machine drift.</param>
public sealed record CommonShift(double? Ratio, int Cases, bool Removed, string Note, bool BeyondDrift = false)
{
    /// <summary>The shift as a log effect oriented so that positive is worse (0 when not estimated).</summary>
    public double Worse(MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return Ratio is { } r ? metric.WorseSign * Math.Log(r) : 0;
    }
}

/// <summary>Everything a comparison found, in report order (most severe first, then worst ratio first).</summary>
public sealed record ComparisonReport(
    ComparisonOptions Options,
    string BaselineSelector,
    IReadOnlyList<long> BaselineRunIds,
    string CandidateSelector,
    IReadOnlyList<long> CandidateRunIds,
    CommonShift CommonShift,
    IReadOnlyList<CaseComparison> Cases)
{
    /// <summary>Cases that drift over the history window (<see cref="HistoryDrifts"/>); empty without history.</summary>
    public IReadOnlyList<CaseDrift> Drifts { get; init; } = [];

    public int Count(Verdict verdict) => Cases.Count(c => c.Verdict == verdict);

    public bool HasRegression => Cases.Any(c => c.Verdict == Verdict.Regressed);

    /// <summary>Cases compared on numbers (both sides present and valid).</summary>
    public int Compared => Cases.Count(c => c.IsCompared);
}
