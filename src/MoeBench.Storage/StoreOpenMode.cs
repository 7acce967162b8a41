namespace MoeBench.Storage;

/// <summary>Whether opening a store may create it.</summary>
public enum StoreOpenMode
{
    /// <summary>Create the store when it does not exist yet (commands that write).</summary>
    CreateIfMissing,

    /// <summary>
    /// Open an existing store (a reader never creates one) for reading only (<c>results</c>, <c>report</c>, <c>compare</c>, <c>gate</c>,
    /// <c>history</c>, <c>table</c>): nothing is written, so a read-only file or a store another process is writing
    /// can be read. A store at an older schema is migrated first, which needs it writable.
    /// </summary>
    ReadOnly,
}
