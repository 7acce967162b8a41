using Dapper;
using Microsoft.Data.Sqlite;

namespace MoeBench.Storage.Tests;

/// <summary>A real SQLite file in a fresh temp directory, deleted with the directory afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "moebench-storage-tests", Guid.NewGuid().ToString("N"));

        // A nested path the store must create itself.
        Path = System.IO.Path.Combine(Directory, "nested", "results.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteResultStore Open() => SqliteResultStore.Open(Path);

    /// <summary>A plain connection beside the store, for what the store's API deliberately does not offer.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public T Scalar<T>(string sql, object? parameters = null)
    {
        using var connection = Connect();
        return connection.ExecuteScalar<T>(sql, parameters)!;
    }

    public int Execute(string sql, object? parameters = null)
    {
        using var connection = Connect();
        return connection.Execute(sql, parameters);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
