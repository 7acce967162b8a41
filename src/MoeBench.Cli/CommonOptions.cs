using System.CommandLine;

namespace MoeBench.Cli;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public const string DefaultDb = "results/moebench.db";

    public static Option<string> Db() => new("--db")
    {
        Description = "Results store: a SQLite file path (a PostgreSQL address is recognised; its store is not available yet)",
        DefaultValueFactory = _ => DefaultDb,
    };
}
