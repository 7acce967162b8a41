namespace MoeBench.Reporting.Comparison;

/// <summary>One side of a case's comparison, in the metric's unit.</summary>
/// <param name="Median">Median of the pooled per-sample values.</param>
/// <param name="Samples">Pooled sample count.</param>
/// <param name="Runs">Runs pooled (more than one for <c>last:N</c>).</param>
/// <param name="Spread">Within-run relative spread: normal-scaled MAD of the log values (≈ MAD / median).</param>
public sealed record SideSummary(double Median, int Samples, int Runs, double Spread);

/// <summary>Candidate/baseline ratio with its confidence bounds (exp of the Hodges–Lehmann shift of logs).</summary>
public sealed record RatioEstimate(double Value, double Lower, double Upper);

/// <summary>The comparison of one case on one device identity: the numbers, the evidence and the verdict.</summary>
/// <param name="Verdict">The outcome; see <see cref="DecisionRule"/>.</param>
/// <param name="Reason">One line saying why, with the numbers that decided it.</param>
/// <param name="Ratio">Candidate/baseline as measured, machine-wide drift included.</param>
/// <param name="AdjustedRatio">The same after removing the comparison's common-mode shift: what is judged.</param>
/// <param name="PValue">Two-sided Mann–Whitney p of the drift-adjusted samples.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted p over all cases tested in this comparison.</param>
/// <param name="Noise">Run-to-run noise of one run's log median, learned from history; null with too little history.</param>
/// <param name="HistoryPoints">History runs behind <paramref name="Noise"/>.</param>
/// <param name="MinEffect">The minimum effect (fraction) that applied to this case.</param>
/// <param name="NoiseBar">The effect (fraction) the point estimate had to exceed for noise: k·noise of a two-run
/// difference, or the no-history floor.</param>
/// <param name="Phases">For layer cases profiled on both sides, each phase's time on both sides, largest change
/// first: where the change sits. Empty otherwise.</param>
public sealed record CaseComparison(
    string CaseId,
    string CaseLabel,
    string CaseName,
    string DeviceId,
    string DeviceKey,
    Verdict Verdict,
    string Reason,
    SideSummary? Baseline,
    SideSummary? Candidate,
    RatioEstimate? Ratio,
    RatioEstimate? AdjustedRatio,
    double? PValue,
    double? QValue,
    double? Noise,
    int HistoryPoints,
    double MinEffect,
    double? NoiseBar,
    IReadOnlyList<PhaseChange> Phases)
{
    /// <summary>The phases carrying most of a layer case's change (see <see cref="PhaseChange.Leading"/>); empty for kernels.</summary>
    public string Where => PhaseChange.Leading(Phases);

    /// <summary>Compared on numbers: both sides present and valid.</summary>
    public bool IsCompared => Verdict is Verdict.Regressed or Verdict.Improved or Verdict.Unchanged or Verdict.Noisy;
}
