namespace MoeBench.Storage;

/// <summary>Whether opening a store may create it.</summary>
public enum StoreOpenMode
{
    /// <summary>Create the store when it does not exist yet (commands that write).</summary>
    CreateIfMissing,

    /// <summary>Open only a store that already exists (commands that read never create one).</summary>
    Existing,
}
