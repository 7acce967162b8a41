using MoeBench.Core.Results;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>
/// Opening the results store <c>--db</c> names (through <see cref="ResultStores"/>, whatever store that is) and
/// resolving run selectors, with the CLI's error conventions.
/// </summary>
public static class StoreAccess
{
    /// <summary>Opens the store, creating it when missing (commands that write); an address no store reads is bad input.</summary>
    public static IResultStore? Open(string address) => Opened(address, StoreOpenMode.CreateIfMissing);

    /// <summary>Opens an existing store for reading only; a missing one is bad input (nothing to read).</summary>
    public static IResultStore? OpenExisting(string address) => Opened(address, StoreOpenMode.ReadOnly);

    /// <summary>
    /// Opens the store if there is one, null where there is none yet (listing never creates a database); false only
    /// for an address no store reads.
    /// </summary>
    public static bool TryOpenIfPresent(string address, out IResultStore? store)
    {
        if (ResultStores.TryOpen(address, StoreOpenMode.ReadOnly, out store, out var error) || error.Kind == StoreErrorKind.Missing)
        {
            return true;
        }

        Console.Error.WriteLine($"error: {error.Message}");
        return false;
    }

    private static IResultStore? Opened(string address, StoreOpenMode mode)
    {
        if (ResultStores.TryOpen(address, mode, out var store, out var error))
        {
            return store;
        }

        Console.Error.WriteLine(error.Kind == StoreErrorKind.Missing ? $"error: {error.Message} (run `moebench run` first)" : $"error: {error.Message}");
        return null;
    }

    /// <summary>
    /// Resolves the runs a command reads (<c>--run</c>, <c>--candidate</c>); on failure prints why and gives exit 2: a
    /// run that is not there is bad input. (Only a baseline that is not there yet is 3, see <see cref="ResolveBaseline"/>.)
    /// </summary>
    public static RunSelection? Resolve(IResultStore store, string text, string what, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (RunSelection.TryResolve(store, text, out var selection, out var error))
        {
            if (selection.Note is { } note)
            {
                Console.Error.WriteLine($"note: {what}: {note}");
            }

            return selection;
        }

        Console.Error.WriteLine($"error: {what}: {error.Message}");
        exitCode = ExitCodes.BadInput;
        return null;
    }

    /// <summary>Resolves a baseline for a candidate (never one of its runs); on failure prints why and gives its exit code.</summary>
    public static RunSelection? ResolveBaseline(IResultStore store, string text, string what, RunSelection candidate, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (RunSelection.TryResolveBaseline(store, text, candidate, out var selection, out var error))
        {
            return selection;
        }

        Console.Error.WriteLine($"error: {what}: {error.Message}");
        exitCode = error.ExitCode;
        return null;
    }

    /// <summary>The newest run of a selection: what `report --run` and `history` show.</summary>
    public static RunRecord Newest(RunSelection selection) => selection.Runs.MaxBy(r => r.Id)!;
}
