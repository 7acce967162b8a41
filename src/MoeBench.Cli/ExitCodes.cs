namespace MoeBench.Cli;

/// <summary>Process exit codes, documented in <c>--help</c> and the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run finished but at least one case failed validation or errored.</summary>
    public const int CaseFailures = 1;

    /// <summary>Bad input (suite, option, unknown device or run); nothing was run or written.</summary>
    public const int BadInput = 2;

    /// <summary>An unexpected exception: a bug in MoeBench (sysexits' EX_SOFTWARE), never a verdict on the code measured.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl-C / SIGTERM); the run is stored as incomplete.</summary>
    public const int Interrupted = 130;
}
