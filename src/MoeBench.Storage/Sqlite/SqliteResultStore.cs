using Dapper;
using Microsoft.Data.Sqlite;
using MoeBench.Core.Results;

namespace MoeBench.Storage;

/// <summary>
/// The default result store: one SQLite file in WAL mode (readers never block the writer, and a crash loses at
/// most the transaction in flight), foreign keys on, a busy timeout for a second writer. Holds one connection for
/// its lifetime; calls are serialised, so one store may be shared by threads.
/// </summary>
public sealed partial class SqliteResultStore : IResultStore
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    private SqliteResultStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Schema version of the file once open (always the latest this code knows).</summary>
    public static int SchemaVersion => SqliteMigrator.LatestVersion;

    /// <summary>
    /// Opens (creating it and its directory if needed) and migrates the store, then marks runs whose process is
    /// gone <c>incomplete</c>. Throws <see cref="InvalidOperationException"/> for a file from a newer MoeBench.
    /// </summary>
    public static SqliteResultStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // One long-lived connection per store; a pooled one would keep the file open after Dispose.
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            connection.Execute(SqliteSql.JournalModeWal);
            connection.Execute(SqliteSql.ForeignKeysOn);
            connection.Execute(SqliteSql.BusyTimeout);
            SqliteMigrator.Migrate(connection, fullPath, DateTimeOffset.UtcNow);
            var store = new SqliteResultStore(connection, fullPath);
            store.MarkDeadRunsIncomplete();
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing store for reading through a read-only connection: no pragma, migration or status update is
    /// written, so a read-only file can be read and a reader never changes what it reads. A run whose process died is
    /// still shown <c>incomplete</c> (runs read back with their effective status). A store at an older schema is
    /// migrated by a writable <see cref="Open"/> first.
    /// </summary>
    public static SqliteResultStore OpenForReading(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            connection.Execute(SqliteSql.BusyTimeout);
            var version = connection.ExecuteScalar<long>(SqliteSql.HasSchemaVersion) == 0 ? 0 : connection.ExecuteScalar<int>(SqliteSql.CurrentVersion);
            if (version == SqliteMigrator.LatestVersion)
            {
                return new SqliteResultStore(connection, fullPath);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        connection.Dispose();
        Open(fullPath).Dispose();
        return OpenForReading(fullPath);
    }

    public long BeginRun(RunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var row = RunRow.Begin(
            context, RunLiveness.CurrentProcessId, RunLiveness.CurrentHost, RunLiveness.CurrentProcessStartedUtc());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection.ExecuteScalar<long>(SqliteSql.InsertRun, row);
        }
    }

    public void SetContention(long runId, RunContention contention)
    {
        ArgumentNullException.ThrowIfNull(contention);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _connection.Execute(SqliteSql.SetContention, new { Id = runId, Contention = RowValues.ToJson(contention) });
        }
    }

    public void FinishRun(long runId, RunStatus status)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(status, RunStatus.Running);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var changed = _connection.Execute(
                SqliteSql.FinishRun,
                new { Id = runId, Status = status.ToName(), EndedUtc = RowValues.ToText(DateTimeOffset.UtcNow) });
            if (changed == 0)
            {
                throw new KeyNotFoundException($"run {runId} does not exist in '{Path}'");
            }
        }
    }

    public RunRecord? GetRun(long runId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection.QuerySingleOrDefault<RunRow>(SqliteSql.GetRun, new { Id = runId })?.ToRecord(DateTimeOffset.UtcNow);
        }
    }

    public RunRecord? LatestRun() => ListRuns(1) is [var latest] ? latest : null;

    public IReadOnlyList<RunRecord> ListRuns(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = DateTimeOffset.UtcNow;
            return [.. _connection.Query<RunRow>(SqliteSql.ListRuns, new { Limit = limit }).Select(r => r.ToRecord(now))];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    /// <summary>Persists what readers would see anyway: a running run whose process is gone is incomplete.</summary>
    private void MarkDeadRunsIncomplete()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var row in _connection.Query<RunRow>(SqliteSql.RunningRuns))
        {
            if (row.ToRecord(now).Status == RunStatus.Incomplete)
            {
                _connection.Execute(SqliteSql.MarkIncomplete, new { row.Id });
            }
        }
    }
}
