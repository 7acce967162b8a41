namespace MoeBench.Storage;

/// <summary>
/// Every SQL statement of the SQLite store, as constants with Dapper parameters; nothing is built from values.
/// Schema changes live in numbered files under <c>Sqlite/Migrations/</c>. Column aliases name the properties
/// of the store-agnostic rows in <c>Rows/</c> (<see cref="RunRow"/>, <see cref="ResultRow"/>, <see cref="MetricRow"/>).
/// </summary>
internal static partial class SqliteSql
{
    // ---- connection setup (PRAGMAs take no parameters; these are fixed text) ----
    public const string JournalModeWal = "PRAGMA journal_mode = WAL;";
    public const string ForeignKeysOn = "PRAGMA foreign_keys = ON;";

    /// <summary>Waits for another writer (a second moebench on the same file) instead of failing at once.</summary>
    public const string BusyTimeout = "PRAGMA busy_timeout = 10000;";

    // ---- schema version ----
    public const string CreateSchemaVersion = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_utc TEXT NOT NULL
        );
        """;

    public const string HasSchemaVersion = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";

    public const string CurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public const string RecordVersion =
        "INSERT INTO schema_version (version, name, applied_utc) VALUES (@Version, @Name, @AppliedUtc);";

    // ---- runs ----
    public const string InsertRun = """
        INSERT INTO runs (tool_version, git_commit, git_branch, git_dirty, host, os, runtime, cpu_model, cpu_cores,
                          cpu_isa, suite_name, suite_hash, started_utc, ended_utc, status, seed, settings, environment,
                          pid, process_host, process_started_utc, accelerators, purpose)
        VALUES (@ToolVersion, @GitCommit, @GitBranch, @GitDirty, @Host, @Os, @Runtime, @CpuModel, @CpuCores,
                @CpuIsa, @SuiteName, @SuiteHash, @StartedUtc, @EndedUtc, @Status, @Seed, @Settings, @Environment,
                @Pid, @ProcessHost, @ProcessStartedUtc, @Accelerators, @Purpose)
        RETURNING id;
        """;

    public const string FinishRun = "UPDATE runs SET status = @Status, ended_utc = @EndedUtc WHERE id = @Id;";

    public const string SetContention = "UPDATE runs SET contention = @Contention WHERE id = @Id;";

    public const string MarkIncomplete = "UPDATE runs SET status = 'incomplete' WHERE id = @Id AND status = 'running';";

    public const string RunExists = "SELECT COUNT(*) FROM runs WHERE id = @Id;";

    private const string RunColumns = """
        SELECT id AS Id, tool_version AS ToolVersion, git_commit AS GitCommit, git_branch AS GitBranch,
               git_dirty AS GitDirty, host AS Host, os AS Os, runtime AS Runtime, cpu_model AS CpuModel,
               cpu_cores AS CpuCores, cpu_isa AS CpuIsa, suite_name AS SuiteName, suite_hash AS SuiteHash,
               started_utc AS StartedUtc, ended_utc AS EndedUtc, status AS Status, seed AS Seed,
               settings AS Settings, environment AS Environment, pid AS Pid, process_host AS ProcessHost,
               process_started_utc AS ProcessStartedUtc, accelerators AS Accelerators, contention AS Contention,
               purpose AS Purpose
        FROM runs
        """;

    public const string GetRun = RunColumns + " WHERE id = @Id;";

    public const string ListRuns = RunColumns + " ORDER BY id DESC LIMIT @Limit;";

    public const string RunningRuns = RunColumns + " WHERE status = 'running' ORDER BY id;";

    // ---- results ----

    /// <summary>A later round's result of a pair replaces the earlier one (samples and metrics go with it: ON DELETE CASCADE).</summary>
    public const string DeleteEarlierRound =
        "DELETE FROM results WHERE run_id = @RunId AND case_id = @CaseId AND device_key = @DeviceKey;";

    /// <summary>The case id is a hash of its content, so an existing row already holds the same case.</summary>
    public const string UpsertCase = """
        INSERT INTO cases (id, level, name, params) VALUES (@CaseId, @CaseLevel, @CaseName, @CaseParams)
        ON CONFLICT (id) DO NOTHING;
        """;

    /// <summary>Identity columns cannot differ under one key; roofs and kind are refreshed to the latest seen.</summary>
    public const string UpsertDevice = """
        INSERT INTO devices (identity_key, device_id, backend, vendor, model, cores, isa, memory_bytes,
                             peak_flops_f32, peak_flops_integer, bandwidth_bytes_per_s, roof_source, kind, details)
        VALUES (@DeviceKey, @DeviceId, @Backend, @Vendor, @Model, @Cores, @Isa, @MemoryBytes,
                @PeakFlopsF32, @PeakFlopsInteger, @BandwidthBytesPerSecond, @RoofSource, @DeviceKind, @Details)
        ON CONFLICT (identity_key) DO UPDATE SET
            memory_bytes = excluded.memory_bytes,
            peak_flops_f32 = excluded.peak_flops_f32,
            peak_flops_integer = excluded.peak_flops_integer,
            bandwidth_bytes_per_s = excluded.bandwidth_bytes_per_s,
            roof_source = excluded.roof_source,
            kind = excluded.kind;
        """;

    public const string InsertResult = """
        INSERT INTO results (run_id, case_id, device_key, device_memory_bytes, device_peak_flops_f32,
                             device_bandwidth_bytes_per_s, device_roof_source, device_kind, provenance, status,
                             failure_reason, rel_error, flops, bytes, sample_count, median_ns, mean_ns, min_ns,
                             p10_ns, p90_ns, p99_ns, mad_ns, ci_lower_ns, ci_upper_ns, tokens_per_s, gflops, gbps,
                             pct_of_peak, bound, invocations_per_sample, seed, cache, load_max_over_mean, load_cv,
                             load_dropped, load_tokens_per_expert, recorded_utc, profile, device_peak_flops_integer,
                             integer_flops, evaluator, device_roofs, device_timer, invalid, roof_tier, roof_exceeded)
        VALUES (@RunId, @CaseId, @DeviceKey, @MemoryBytes, @PeakFlopsF32,
                @BandwidthBytesPerSecond, @RoofSource, @DeviceKind, @Provenance, @Status,
                @FailureReason, @RelativeError, @Flops, @Bytes, @SampleCount, @MedianNs, @MeanNs, @MinNs,
                @P10Ns, @P90Ns, @P99Ns, @MadNs, @CiLowerNs, @CiUpperNs, @TokensPerSecond, @Gflops, @Gbps,
                @PctOfPeak, @Bound, @InvocationsPerSample, @Seed, @Cache, @LoadMaxOverMean, @LoadCv,
                @LoadDropped, @LoadTokensPerExpert, @RecordedUtc, @Profile, @PeakFlopsInteger,
                @IntegerFlops, @Evaluator, @DeviceRoofs, @DeviceTimer, @Invalid, @RoofTier, @RoofExceeded)
        RETURNING id;
        """;

    public const string InsertSamples = """
        INSERT INTO result_samples (result_id, samples, round_sizes, sample_bandwidths)
        VALUES (@ResultId, @Samples, @RoundSizes, @SampleBandwidths);
        """;

    public const string GetResults = """
        SELECT r.id AS Id, r.run_id AS RunId,
               c.id AS CaseId, c.level AS CaseLevel, c.name AS CaseName, c.params AS CaseParams,
               d.identity_key AS DeviceKey, d.device_id AS DeviceId, d.backend AS Backend, d.vendor AS Vendor,
               d.model AS Model, d.cores AS Cores, d.isa AS Isa, d.details AS Details,
               r.device_memory_bytes AS MemoryBytes, r.device_peak_flops_f32 AS PeakFlopsF32,
               r.device_peak_flops_integer AS PeakFlopsInteger,
               r.device_bandwidth_bytes_per_s AS BandwidthBytesPerSecond, r.device_roof_source AS RoofSource,
               r.device_kind AS DeviceKind, r.device_roofs AS DeviceRoofs, r.device_timer AS DeviceTimer,
               r.provenance AS Provenance, r.status AS Status, r.failure_reason AS FailureReason,
               r.rel_error AS RelativeError, r.flops AS Flops, r.bytes AS Bytes, r.integer_flops AS IntegerFlops,
               r.sample_count AS SampleCount, r.median_ns AS MedianNs, r.mean_ns AS MeanNs, r.min_ns AS MinNs,
               r.p10_ns AS P10Ns, r.p90_ns AS P90Ns, r.p99_ns AS P99Ns, r.mad_ns AS MadNs,
               r.ci_lower_ns AS CiLowerNs, r.ci_upper_ns AS CiUpperNs,
               r.tokens_per_s AS TokensPerSecond, r.gflops AS Gflops, r.gbps AS Gbps,
               r.pct_of_peak AS PctOfPeak, r.bound AS Bound, r.roof_tier AS RoofTier, r.roof_exceeded AS RoofExceeded,
               r.invocations_per_sample AS InvocationsPerSample, r.seed AS Seed, r.cache AS Cache,
               r.load_max_over_mean AS LoadMaxOverMean, r.load_cv AS LoadCv, r.load_dropped AS LoadDropped,
               r.load_tokens_per_expert AS LoadTokensPerExpert, r.recorded_utc AS RecordedUtc, r.profile AS Profile,
               r.evaluator AS Evaluator, r.invalid AS Invalid, s.samples AS Samples, s.round_sizes AS RoundSizes, s.sample_bandwidths AS SampleBandwidths
        FROM results r
        JOIN cases c ON c.id = r.case_id
        JOIN devices d ON d.identity_key = r.device_key
        LEFT JOIN result_samples s ON s.result_id = r.id
        WHERE r.run_id = @RunId
        ORDER BY r.id;
        """;

    public const string InsertMetric = """
        INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value, ci_lower, ci_upper, samples)
        VALUES (@ResultId, @MetricId, @Unit, @Direction, @Kind, @Value, @CiLower, @CiUpper, @Samples);
        """;

    /// <summary>Every metric of a run's results, in one query beside <see cref="GetResults"/>.</summary>
    public const string GetRunMetrics = """
        SELECT m.result_id AS ResultId, m.metric_id AS MetricId, m.unit AS Unit, m.direction AS Direction,
               m.kind AS Kind, m.value AS Value, m.ci_lower AS CiLower, m.ci_upper AS CiUpper, m.samples AS Samples
        FROM result_metrics m
        JOIN results r ON r.id = m.result_id
        WHERE r.run_id = @RunId
        ORDER BY m.result_id, m.rowid;
        """;

    // ---- queries for comparison and history ----

    /// <summary>
    /// Benchmark runs newest first by start time (ties: newest id); gate-check runs measure the gate, not the code
    /// (<c>RunPurpose</c>). Null parameters match everything; the status pair lets a caller ask for
    /// 'incomplete' as stored plus 'running' (which may read as incomplete). LIMIT -1 is no limit.
    /// </summary>
    public const string FindRuns = RunColumns + """
         WHERE purpose = 'benchmark'
          AND (@Branch IS NULL OR git_branch = @Branch)
          AND (@CommitPrefix IS NULL OR substr(lower(git_commit), 1, length(@CommitPrefix)) = lower(@CommitPrefix))
          AND (@Status1 IS NULL OR status = @Status1 OR status = @Status2)
        ORDER BY started_utc DESC, id DESC
        LIMIT @Limit;
        """;

    /// <summary>
    /// One metric of a case's ok results on one device in complete benchmark runs (never a gate-check's A/A or
    /// injected runs), newest run first, one per run (its last ok result); served by ix_results_case_device and the
    /// metric table's key.
    /// </summary>
    public const string CaseHistory = """
        SELECT r.id AS ResultId, r.run_id AS RunId, u.git_commit AS GitCommit, u.git_branch AS GitBranch,
               u.started_utc AS StartedUtc, m.value AS Value, m.samples AS Samples
        FROM results r
        JOIN runs u ON u.id = r.run_id
        JOIN result_metrics m ON m.result_id = r.id AND m.metric_id = @MetricId
        WHERE r.case_id = @CaseId AND r.device_key = @DeviceKey AND r.status = 'ok' AND m.value IS NOT NULL
          AND u.status = 'complete' AND u.purpose = 'benchmark'
          AND r.id = (SELECT MAX(r2.id) FROM results r2
                      WHERE r2.case_id = r.case_id AND r2.device_key = r.device_key AND r2.run_id = r.run_id
                        AND r2.status = 'ok')
        ORDER BY u.started_utc DESC, u.id DESC
        LIMIT @Limit;
        """;

    // ---- calibrations ----
    public const string InsertCalibration = """
        INSERT INTO calibrations (device_key, device_id, measured_utc, host, threads, bandwidth_bytes_per_s, method, details)
        VALUES (@DeviceKey, @DeviceId, @MeasuredUtc, @Host, @Threads, @BandwidthBytesPerSecond, @Method, @Details)
        RETURNING id;
        """;

    public const string InsertCalibrationPeak = """
        INSERT INTO calibration_peaks (calibration_id, dtype, path, flops_single_thread, flops_all_threads)
        VALUES (@CalibrationId, @DType, @Path, @SingleThreadFlops, @AllThreadsFlops);
        """;

    /// <summary>Newest by measurement time (ties: newest id); served by ix_calibrations_device.</summary>
    public const string LatestCalibration = """
        SELECT id AS Id, device_key AS DeviceKey, device_id AS DeviceId, measured_utc AS MeasuredUtc, host AS Host,
               threads AS Threads, bandwidth_bytes_per_s AS BandwidthBytesPerSecond, method AS Method, details AS Details
        FROM calibrations
        WHERE device_key = @DeviceKey
        ORDER BY measured_utc DESC, id DESC
        LIMIT 1;
        """;

    public const string CalibrationPeaks = """
        SELECT calibration_id AS CalibrationId, dtype AS DType, path AS Path,
               flops_single_thread AS SingleThreadFlops, flops_all_threads AS AllThreadsFlops
        FROM calibration_peaks
        WHERE calibration_id = @CalibrationId
        ORDER BY dtype, path;
        """;

    public const string InsertCalibrationTier = """
        INSERT INTO calibration_memory_tiers (calibration_id, position, name, capacity_bytes, bandwidth_bytes_per_s, latency_s)
        VALUES (@CalibrationId, @Position, @Name, @CapacityBytes, @BandwidthBytesPerSecond, @LatencySeconds);
        """;

    public const string InsertCalibrationLink = """
        INSERT INTO calibration_links (calibration_id, name, bandwidth_bytes_per_s, latency_s)
        VALUES (@CalibrationId, @Name, @BandwidthBytesPerSecond, @LatencySeconds);
        """;

    /// <summary>In the device's order: main memory first.</summary>
    public const string CalibrationTiers = """
        SELECT calibration_id AS CalibrationId, position AS Position, name AS Name, capacity_bytes AS CapacityBytes,
               bandwidth_bytes_per_s AS BandwidthBytesPerSecond, latency_s AS LatencySeconds
        FROM calibration_memory_tiers
        WHERE calibration_id = @CalibrationId
        ORDER BY position;
        """;

    public const string CalibrationLinks = """
        SELECT calibration_id AS CalibrationId, name AS Name, bandwidth_bytes_per_s AS BandwidthBytesPerSecond,
               latency_s AS LatencySeconds
        FROM calibration_links
        WHERE calibration_id = @CalibrationId
        ORDER BY name;
        """;
}
