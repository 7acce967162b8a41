using MoeBench.Reporting.Gate;

namespace MoeBench.Reporting.Selection;

public enum SelectorErrorKind
{
    /// <summary>The text is not a selector at all: bad input.</summary>
    Malformed,

    /// <summary>A well-formed selector that no usable run matches: no baseline to compare against.</summary>
    NoMatch,
}

/// <summary>Why a selector could not be used, as a value the CLI maps to an exit code (STYLE 12).</summary>
public sealed record SelectorError(SelectorErrorKind Kind, string Message)
{
    /// <summary><see cref="GateExitCodes.BadInput"/> for a malformed selector, <see cref="GateExitCodes.NoBaseline"/> for no match.</summary>
    public int ExitCode => Kind == SelectorErrorKind.Malformed ? GateExitCodes.BadInput : GateExitCodes.NoBaseline;
}
