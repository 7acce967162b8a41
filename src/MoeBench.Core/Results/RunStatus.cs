namespace MoeBench.Core.Results;

public enum RunStatus
{
    /// <summary>In progress — or, if its process is gone, effectively incomplete.</summary>
    Running,
    Complete,

    /// <summary>Interrupted (Ctrl-C, crash): what was stored is valid but not the whole suite.</summary>
    Incomplete,

    /// <summary>The run could not proceed (e.g. no device).</summary>
    Failed,
}

public enum ResultStatus
{
    Ok,

    /// <summary>Wrong or non-finite output, or an error while running: never timed.</summary>
    Failed,

    /// <summary>
    /// Ran, but broke a rule that makes its numbers comparable (a serving run shorter than its minimum duration, or a
    /// server that fell behind its arrival schedule: MLPerf LoadGen's INVALID). Its metrics are kept to show, never
    /// compared or gated as a plain result; <see cref="CaseResult.FailureReason"/> names the rule it missed.
    /// </summary>
    Invalid,
}

public static class StatusNames
{
    public static string ToName(this RunStatus s) => s.ToString().ToLowerInvariant();

    public static RunStatus ParseRunStatus(string s) => Enum.Parse<RunStatus>(s, ignoreCase: true);

    public static string ToName(this ResultStatus s) => s.ToString().ToLowerInvariant();

    public static ResultStatus ParseResultStatus(string s) => Enum.Parse<ResultStatus>(s, ignoreCase: true);
}
