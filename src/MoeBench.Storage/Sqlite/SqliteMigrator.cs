using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MoeBench.Storage;

/// <summary>One numbered forward migration: <c>Sqlite/Migrations/NNNN_name.sql</c>, embedded in this assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings a SQLite file to the schema this code knows: applies the missing migrations in order, each in its own
/// transaction together with its <c>schema_version</c> row, and refuses a file from a newer MoeBench.
/// </summary>
internal static partial class SqliteMigrator
{
    private const string ResourcePrefix = "MoeBench.Storage.Sqlite.Migrations.";

    /// <summary>All migrations, ordered, numbered 1..N without gaps (checked once, at first use).</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    public static int LatestVersion => All[^1].Version;

    /// <summary>Applies what is missing; returns the versions applied (empty when the file was current).</summary>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        connection.Execute(SqliteSql.CreateSchemaVersion);
        var applied = new List<int>();
        while (true)
        {
            // IMMEDIATE transaction (Microsoft.Data.Sqlite's default): a second process opening the same file
            // waits here and then sees the version this one wrote, so each migration runs exactly once.
            using var transaction = connection.BeginTransaction();
            var current = connection.ExecuteScalar<int>(SqliteSql.CurrentVersion, transaction: transaction);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"result store '{path}' has schema version {current}, but this MoeBench knows only up to {LatestVersion}: it was written by a newer MoeBench; upgrade to open it"));
            }

            if (current == LatestVersion)
            {
                return applied;
            }

            var next = All[current];
            connection.Execute(next.Sql, transaction: transaction);
            connection.Execute(
                SqliteSql.RecordVersion,
                new { next.Version, next.Name, AppliedUtc = RowValues.ToText(now) },
                transaction);
            transaction.Commit();
            applied.Add(next.Version);
        }
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var file = resource[ResourcePrefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"migration '{file}' is not named NNNN_name.sql");
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"migrations must be numbered 1..N without gaps; found {migrations[i].Version} at position {i + 1}"));
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("no embedded migrations found");
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded migration '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
