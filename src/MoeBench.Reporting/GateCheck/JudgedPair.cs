using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.GateCheck;

/// <summary>What the gate knows when it judges a pair.</summary>
public enum GateRegime
{
    /// <summary>As a nightly gate: the reference runs up to the baseline are history (up to the gate's window).</summary>
    History,

    /// <summary>As <c>gate</c> on a fresh store: two runs and nothing else; noise from their rounds.</summary>
    TwoRuns,

    /// <summary>As <c>gate</c> on two runs measured in turns (a pull-request gate measuring base and head side by side):
    /// no history; each round judged against the same round of the other run.</summary>
    InTurns,
}

public static class GateRegimeNames
{
    public static string ToName(this GateRegime regime) => regime switch
    {
        GateRegime.History => "history",
        GateRegime.TwoRuns => "two-runs",
        GateRegime.InTurns => "in-turns",
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, null),
    };
}

/// <summary>One pair of a gate check as the gate judged it in one regime.</summary>
/// <param name="BaselineRunId">The stored baseline run.</param>
/// <param name="CandidateRunId">The stored candidate run.</param>
public sealed record JudgedPair(PlannedPair Pair, GateRegime Regime, long BaselineRunId, long CandidateRunId, GateResult Gate);
