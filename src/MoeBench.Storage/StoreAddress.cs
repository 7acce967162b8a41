using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MoeBench.Storage;

/// <summary>
/// Where <c>--db</c> points: a SQLite file path, or a PostgreSQL server (a <c>postgres://</c> /
/// <c>postgresql://</c> URI or an Npgsql keyword string such as <c>Host=db;Database=moebench</c>). Each kind opens
/// its own store, so a new store is a new address record, not a new branch in every command.
/// </summary>
public abstract partial record StoreAddress
{
    /// <summary>Reads an address; anything that is neither a URI nor a keyword string with a host is a file path.</summary>
    public static StoreAddress Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        if (UriScheme().Match(trimmed) is { Success: true } uri)
        {
            var scheme = uri.Groups["scheme"].Value.ToLowerInvariant();
            return scheme is "postgres" or "postgresql" ? new PostgresAddress() : new UnknownSchemeAddress(scheme);
        }

        return HostKeyword().IsMatch(trimmed) ? new PostgresAddress() : new SqliteFileAddress(Path.GetFullPath(trimmed));
    }

    /// <summary>Opens the store, creating it where <paramref name="mode"/> allows; errors are values (STYLE 12).</summary>
    public abstract bool TryOpen(
        StoreOpenMode mode, [NotNullWhen(true)] out IResultStore? store, [NotNullWhen(false)] out StoreError? failure);

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex UriScheme();

    /// <summary>Npgsql's keywords for the server: <c>Host</c> and its alias <c>Server</c>, as the first or any later pair.</summary>
    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HostKeyword();
}

/// <summary>A SQLite file, created (with its directory) on first write.</summary>
public sealed record SqliteFileAddress(string Path) : StoreAddress
{
    public override bool TryOpen(
        StoreOpenMode mode, [NotNullWhen(true)] out IResultStore? store, [NotNullWhen(false)] out StoreError? failure)
    {
        store = null;
        if (Directory.Exists(Path))
        {
            failure = new StoreError(StoreErrorKind.Unreadable, $"--db {Path} is a directory; give the database file's path");
            return false;
        }

        if (!File.Exists(Path))
        {
            if (mode == StoreOpenMode.ReadOnly)
            {
                failure = new StoreError(StoreErrorKind.Missing, $"no results database at {Path}");
                return false;
            }
        }
        else if (!SqliteFileHeader.IsDatabase(Path))
        {
            // Checked before SQLite opens it: opening would create -wal/-shm files beside it, and a write would
            // destroy whatever the file is.
            failure = new StoreError(StoreErrorKind.Unreadable, $"--db {Path} is not a SQLite database (its first bytes are not a SQLite header); it was left untouched");
            return false;
        }

        try
        {
            store = mode == StoreOpenMode.ReadOnly ? SqliteResultStore.OpenForReading(Path) : SqliteResultStore.Open(Path);
            failure = null;
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or UnauthorizedAccessException or IOException)
        {
            failure = new StoreError(StoreErrorKind.Unreadable, $"--db {Path} cannot be opened: {e.Message}");
            return false;
        }
    }
}

/// <summary>A PostgreSQL server: recognised now so that the store plugs in here; the address is never echoed (it may hold a password).</summary>
public sealed record PostgresAddress : StoreAddress
{
    public override bool TryOpen(
        StoreOpenMode mode, [NotNullWhen(true)] out IResultStore? store, [NotNullWhen(false)] out StoreError? failure)
    {
        store = null;
        failure = new StoreError(
            StoreErrorKind.Unsupported, "--db names a PostgreSQL server, but the PostgreSQL store is not available yet; use a SQLite file path");
        return false;
    }
}

/// <summary>A URI of a scheme no store reads (a typo, or a store this version does not have).</summary>
public sealed record UnknownSchemeAddress(string Scheme) : StoreAddress
{
    public override bool TryOpen(
        StoreOpenMode mode, [NotNullWhen(true)] out IResultStore? store, [NotNullWhen(false)] out StoreError? failure)
    {
        store = null;
        failure = new StoreError(
            StoreErrorKind.Unsupported, $"--db: no store reads '{Scheme}://' addresses; use a SQLite file path or a postgres:// address");
        return false;
    }
}
