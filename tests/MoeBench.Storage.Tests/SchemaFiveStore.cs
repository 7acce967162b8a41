using Dapper;
using Microsoft.Data.Sqlite;
using MoeBench.Core.Results;

namespace MoeBench.Storage.Tests;

/// <summary>
/// Writes a database as MoeBench wrote it before migration 0006: migrations 1–5 and the runs and results inserts of
/// that schema, frozen here (the store's own SQL moves on). Cases, devices and samples were written by statements
/// later migrations left as they were, so those come from <see cref="SqliteSql"/>.
/// </summary>
internal static class SchemaFiveStore
{
    public const int Version = 5;

    private const string InsertRun = """
        INSERT INTO runs (tool_version, git_commit, git_branch, git_dirty, host, os, runtime, cpu_model, cpu_cores,
                          cpu_isa, suite_name, suite_hash, started_utc, ended_utc, status, seed, settings, environment,
                          pid, process_host, process_started_utc)
        VALUES (@ToolVersion, @GitCommit, @GitBranch, @GitDirty, @Host, @Os, @Runtime, @CpuModel, @CpuCores,
                @CpuIsa, @SuiteName, @SuiteHash, @StartedUtc, @EndedUtc, @Status, @Seed, @Settings, @Environment,
                @Pid, @ProcessHost, @ProcessStartedUtc)
        RETURNING id;
        """;

    private const string InsertResult = """
        INSERT INTO results (run_id, case_id, device_key, device_memory_bytes, device_peak_flops_f32,
                             device_bandwidth_bytes_per_s, device_roof_source, device_kind, provenance, status,
                             failure_reason, rel_error, flops, bytes, sample_count, median_ns, mean_ns, min_ns,
                             p10_ns, p90_ns, p99_ns, mad_ns, ci_lower_ns, ci_upper_ns, tokens_per_s, gflops, gbps,
                             pct_of_peak, bound, invocations_per_sample, seed, cache, load_max_over_mean, load_cv,
                             load_dropped, load_tokens_per_expert, recorded_utc, profile, device_peak_flops_integer,
                             integer_flops)
        VALUES (@RunId, @CaseId, @DeviceKey, @MemoryBytes, @PeakFlopsF32,
                @BandwidthBytesPerSecond, @RoofSource, @DeviceKind, @Provenance, @Status,
                @FailureReason, @RelativeError, @Flops, @Bytes, @SampleCount, @MedianNs, @MeanNs, @MinNs,
                @P10Ns, @P90Ns, @P99Ns, @MadNs, @CiLowerNs, @CiUpperNs, @TokensPerSecond, @Gflops, @Gbps,
                @PctOfPeak, @Bound, @InvocationsPerSample, @Seed, @Cache, @LoadMaxOverMean, @LoadCv,
                @LoadDropped, @LoadTokensPerExpert, @RecordedUtc, @Profile, @PeakFlopsInteger,
                @IntegerFlops)
        RETURNING id;
        """;

    /// <summary>Creates <paramref name="path"/> at schema 5 with one complete run per entry of <paramref name="runs"/>; returns the run ids.</summary>
    public static IReadOnlyList<long> Write(string path, IReadOnlyList<(RunContext Context, IReadOnlyList<CaseResult> Results)> runs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute(SqliteSql.CreateSchemaVersion);
        foreach (var migration in SqliteMigrator.All.Take(Version))
        {
            connection.Execute(migration.Sql);
            connection.Execute(SqliteSql.RecordVersion, new { migration.Version, migration.Name, AppliedUtc = "2026-11-01T00:00:00.0000000Z" });
        }

        var ids = new List<long>();
        var started = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        foreach (var (context, results) in runs)
        {
            var run = RunRow.Begin(context, 1, "old-host", started);
            var runId = connection.ExecuteScalar<long>(InsertRun, run);
            foreach (var result in results)
            {
                var row = ResultRow.From(runId, result, started);
                connection.Execute(SqliteSql.UpsertCase, row);
                connection.Execute(SqliteSql.UpsertDevice, row);
                var resultId = connection.ExecuteScalar<long>(InsertResult, row);
                if (row.Samples is { } samples)
                {
                    connection.Execute(SqliteSql.InsertSamples, new { ResultId = resultId, Samples = samples, row.RoundSizes, row.SampleBandwidths });
                }
            }

            connection.Execute(SqliteSql.FinishRun, new { Id = runId, Status = "complete", EndedUtc = RowValues.ToText(started.AddMinutes(1)) });
            ids.Add(runId);
        }

        return ids;
    }
}
