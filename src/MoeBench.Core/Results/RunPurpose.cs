namespace MoeBench.Core.Results;

/// <summary>
/// Why a run was made. Only benchmark runs measure the code: they are history, and the run selectors (<c>latest</c>,
/// <c>branch:</c>, <c>commit:</c>, <c>last:N</c>) pick them. A gate-check run measures the gate itself — A/A pairs and
/// runs with an injected slowdown (<c>moebench gate-check</c>) — and must never become the history a nightly gate
/// learns its noise from, nor its baseline: an injected run would teach the gate that a slowdown is normal.
/// </summary>
public enum RunPurpose
{
    Benchmark,
    GateCheck,
}

public static class RunPurposeNames
{
    public static string ToName(this RunPurpose purpose) => purpose switch
    {
        RunPurpose.Benchmark => "benchmark",
        RunPurpose.GateCheck => "gate-check",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    public static RunPurpose ParseRunPurpose(string name) => name switch
    {
        "benchmark" => RunPurpose.Benchmark,
        "gate-check" => RunPurpose.GateCheck,
        _ => throw new FormatException($"unknown run purpose '{name}'"),
    };
}
