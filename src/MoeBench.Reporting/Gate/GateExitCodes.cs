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
}
