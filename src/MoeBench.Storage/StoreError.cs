namespace MoeBench.Storage;

public enum StoreErrorKind
{
    /// <summary>No store at the address yet; only with <see cref="StoreOpenMode.ReadOnly"/>.</summary>
    Missing,

    /// <summary>An address of a kind this build cannot open.</summary>
    Unsupported,

    /// <summary>Something is at the address, but it is not a store this build can read (another file, a damaged
    /// database, a newer schema); it is left as it is.</summary>
    Unreadable,
}

/// <summary>Why no store was opened, as a value the CLI maps to an exit code (STYLE 12).</summary>
public sealed record StoreError(StoreErrorKind Kind, string Message);
