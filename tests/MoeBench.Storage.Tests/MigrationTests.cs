using Dapper;

namespace MoeBench.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Migrations_are_numbered_from_one_without_gaps_and_start_with_initial()
    {
        Assert.Equal(Enumerable.Range(1, SqliteMigrator.All.Count), SqliteMigrator.All.Select(m => m.Version));
        Assert.Equal("initial", SqliteMigrator.All[0].Name);
        Assert.Equal(SqliteMigrator.All.Count, SqliteResultStore.SchemaVersion);
    }

    [Fact]
    public void Opening_a_new_file_creates_its_directory_and_applies_every_migration_once()
    {
        Assert.False(File.Exists(_temp.Path));
        using (var store = _temp.Open())
        {
            Assert.Equal(_temp.Path, store.Path);
        }

        Assert.True(File.Exists(_temp.Path));
        using var connection = _temp.Connect();
        Assert.Equal(
            Enumerable.Range(1, SqliteResultStore.SchemaVersion),
            connection.Query<int>("SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal(
            ["calibration_links", "calibration_memory_tiers", "calibration_peaks", "calibrations", "cases", "devices", "result_metrics", "result_samples", "results", "runs", "schema_version", "serving_requests", "serving_runs", "serving_steps"],
            connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void Opening_an_empty_existing_file_migrates_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Path)!);
        File.WriteAllBytes(_temp.Path, []);

        using (var store = _temp.Open())
        {
            Assert.Null(store.LatestRun());
        }

        Assert.Equal(SqliteResultStore.SchemaVersion, _temp.Scalar<int>("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public void Reopening_a_current_file_applies_nothing_and_keeps_its_data()
    {
        long runId;
        using (var store = _temp.Open())
        {
            runId = store.BeginRun(SampleData.Context());
        }

        var appliedBefore = _temp.Scalar<string>("SELECT group_concat(version || '@' || applied_utc) FROM schema_version");
        using (var store = _temp.Open())
        {
            Assert.Equal(runId, store.LatestRun()?.Id);
        }

        Assert.Equal(appliedBefore, _temp.Scalar<string>("SELECT group_concat(version || '@' || applied_utc) FROM schema_version"));
        Assert.Equal(SqliteResultStore.SchemaVersion, _temp.Scalar<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public void A_file_at_version_1_gains_round_sizes_and_calibrations_and_keeps_its_data()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Path)!);
        using (var connection = _temp.Connect())
        {
            connection.Execute(SqliteSql.CreateSchemaVersion);
            connection.Execute(SqliteMigrator.All[0].Sql);
            connection.Execute(SqliteSql.RecordVersion, new { Version = 1, Name = "initial", AppliedUtc = "2026-01-01T00:00:00.0000000Z" });
            connection.Execute("INSERT INTO cases (id, level, name, params) VALUES ('0123456789abcdef', 'kernel', 'gemm', '{}')");
        }

        using (var store = _temp.Open())
        {
            Assert.Null(store.LatestCalibration("any"));
        }

        Assert.Equal("gemm", _temp.Scalar<string>("SELECT name FROM cases WHERE id = '0123456789abcdef'"));

        Assert.Equal(3, _temp.Scalar<int>("SELECT MAX(version) FROM schema_version WHERE name = 'calibrations'"));
        Assert.Equal(2, _temp.Scalar<int>("SELECT MAX(version) FROM schema_version WHERE name = 'round_sizes'"));
        Assert.Equal(1, _temp.Scalar<long>("SELECT COUNT(*) FROM pragma_table_info('result_samples') WHERE name = 'round_sizes'"));
        Assert.Equal(0, _temp.Scalar<long>("SELECT COUNT(*) FROM calibrations"));
    }

    [Fact]
    public void A_file_with_a_newer_schema_is_refused_with_a_message_naming_both_versions()
    {
        using (_temp.Open())
        {
        }

        var newer = SqliteResultStore.SchemaVersion + 1;
        _temp.Execute(
            "INSERT INTO schema_version (version, name, applied_utc) VALUES (@Version, 'from_the_future', '2099-01-01T00:00:00.0000000Z')",
            new { Version = newer });

        var error = Assert.Throws<InvalidOperationException>(() => _temp.Open());
        Assert.Contains($"schema version {newer}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"only up to {SqliteResultStore.SchemaVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer MoeBench", error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);

        // Refusing touched nothing.
        Assert.Equal(newer, _temp.Scalar<int>("SELECT MAX(version) FROM schema_version"));
    }

    [Theory]
    [InlineData("EXPLAIN QUERY PLAN SELECT id FROM results WHERE case_id = @A AND device_key = @B ORDER BY run_id", "ix_results_case_device")]
    [InlineData("EXPLAIN QUERY PLAN SELECT id FROM results WHERE run_id = @A ORDER BY id", "ix_results_run")]
    public void History_and_run_queries_are_served_by_an_index(string query, string index)
    {
        using (_temp.Open())
        {
        }

        using var connection = _temp.Connect();
        var plan = string.Join(" | ", connection.Query<(long Id, long Parent, long NotUsed, string Detail)>(
            query, new { A = "x", B = "y" }).Select(r => r.Detail));
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }
}
