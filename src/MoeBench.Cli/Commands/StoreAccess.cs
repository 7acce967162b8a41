using MoeBench.Core.Results;
using MoeBench.Reporting.Selection;
using MoeBench.Storage;

namespace MoeBench.Cli.Commands;

/// <summary>Opening the results database and resolving run selectors, with the CLI's error conventions.</summary>
public static class StoreAccess
{
    /// <summary>Opens an existing database; a missing one is bad input (nothing to read).</summary>
    public static SqliteResultStore? OpenExisting(string path)
    {
        if (File.Exists(path))
        {
            return SqliteResultStore.Open(path);
        }

        Console.Error.WriteLine($"error: no results database at {path} (run `moebench run` first)");
        return null;
    }

    /// <summary>Resolves a selector; on failure prints why and gives its exit code (2 malformed, 3 no such run).</summary>
    public static RunSelection? Resolve(IResultStore store, string text, string what, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (RunSelection.TryResolve(store, text, out var selection, out var error))
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
