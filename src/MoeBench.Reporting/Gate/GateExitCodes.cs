namespace MoeBench.Reporting.Gate;

/// <summary>
/// Exit codes of <c>moebench gate</c>. Only a confirmed regression fails the gate (DESIGN §2): like
/// <c>asv continuous</c> and <c>bencher run --err</c>, not like a dashboard that merely comments.
/// </summary>
public static class GateExitCodes
{
    /// <summary>No confirmed regression (noisy, failed, new or missing cases are reported, not fatal).</summary>
    public const int Ok = 0;

    /// <summary>At least one case regressed by the decision rule.</summary>
    public const int Regression = 1;

    /// <summary>Malformed selector or option.</summary>
    public const int BadInput = 2;

    /// <summary>The baseline selector matched no run, or its runs hold no comparable result.</summary>
    public const int NoBaseline = 3;

    /// <summary>
    /// No case regressed on its own, but everything got slower together by more than machine drift allows
    /// (<c>ComparisonOptions.MaxCommonShift</c>): a loaded or slower machine, or a change that slows everything. Not one
    /// regression per case, and not a pass either: rerun on a quiet machine, or look for a change that touches all work.
    /// </summary>
    public const int CommonModeSlowdown = 4;
}
