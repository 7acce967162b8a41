using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.Selection;

public enum SelectorErrorKind
{
    /// <summary>The text is not a selector at all: bad input.</summary>
    Malformed,

    /// <summary>A well-formed selector that no usable run matches: no baseline to compare against.</summary>
    NoMatch,

    /// <summary>A baseline that would select only runs the candidate holds: a run compared with itself, bad input.</summary>
    SelfComparison,
}

/// <summary>Why a selector could not be used, as a value the CLI maps to an exit code (STYLE 12).</summary>
public sealed record SelectorError(SelectorErrorKind Kind, string Message)
{
    /// <summary><see cref="GateExitCodes.NoBaseline"/> for no match, <see cref="GateExitCodes.BadInput"/> otherwise.</summary>
    public int ExitCode => Kind == SelectorErrorKind.NoMatch ? GateExitCodes.NoBaseline : GateExitCodes.BadInput;
}
