using System.Diagnostics.CodeAnalysis;

namespace MoeBench.Storage;

/// <summary>The one way commands open a result store: from the <c>--db</c> address, whatever store it names.</summary>
public static class ResultStores
{
    public static bool TryOpen(
        string address, StoreOpenMode mode, [NotNullWhen(true)] out IResultStore? store, [NotNullWhen(false)] out StoreError? error) =>
        StoreAddress.Parse(address).TryOpen(mode, out store, out error);
}
