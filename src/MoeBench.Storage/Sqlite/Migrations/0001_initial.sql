-- 0001: runs, cases, devices, results and their raw samples.
-- Timestamps are ISO-8601 UTC text (yyyy-MM-ddTHH:mm:ss.fffffffZ, so text order is time order);
-- doubles are REAL with NaN stored as NULL; lists and maps are JSON text.

CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    tool_version        TEXT    NOT NULL,
    git_commit          TEXT    NOT NULL,
    git_branch          TEXT    NOT NULL,
    git_dirty           INTEGER NOT NULL CHECK (git_dirty IN (0, 1)),
    host                TEXT    NOT NULL,
    os                  TEXT    NOT NULL,
    runtime             TEXT    NOT NULL,
    cpu_model           TEXT    NOT NULL,
    cpu_cores           INTEGER NOT NULL,
    cpu_isa             TEXT    NOT NULL,
    suite_name          TEXT    NOT NULL,
    suite_hash          TEXT    NOT NULL,
    started_utc         TEXT    NOT NULL,
    ended_utc           TEXT,
    status              TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
    seed                INTEGER NOT NULL,
    settings            TEXT    NOT NULL,
    environment         TEXT    NOT NULL,  -- JSON object, keys sorted
    pid                 INTEGER NOT NULL,  -- process that wrote the run, to detect a dead 'running' run
    process_host        TEXT    NOT NULL,  -- machine name of that process (host above is the context's label)
    process_started_utc TEXT               -- that process's start, so a reused pid is not mistaken for it
);

-- Startup scans only the runs still marked running.
CREATE INDEX ix_runs_running ON runs (id) WHERE status = 'running';

-- One row per case id (16-hex hash of the canonical JSON); params is the canonical params object.
CREATE TABLE cases (
    id     TEXT PRIMARY KEY,
    level  TEXT NOT NULL CHECK (level IN ('kernel', 'layer', 'scenario')),
    name   TEXT NOT NULL,
    params TEXT NOT NULL
);

-- One row per device identity; the roofs here are the latest seen (each result keeps its own copy).
CREATE TABLE devices (
    identity_key             TEXT PRIMARY KEY,
    device_id                TEXT    NOT NULL,
    backend                  TEXT    NOT NULL,
    vendor                   TEXT    NOT NULL,
    model                    TEXT    NOT NULL,
    cores                    INTEGER NOT NULL,
    isa                      TEXT    NOT NULL,  -- JSON array
    memory_bytes             INTEGER NOT NULL,
    peak_flops_f32           REAL,
    bandwidth_bytes_per_s    REAL,
    roof_source              TEXT    NOT NULL,
    kind                     TEXT    NOT NULL CHECK (kind IN ('measured', 'modeled', 'simulated')),
    details                  TEXT    NOT NULL
);

CREATE TABLE results (
    id                           INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id                       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    case_id                      TEXT    NOT NULL REFERENCES cases (id),
    device_key                   TEXT    NOT NULL REFERENCES devices (identity_key),
    -- The device's non-identity fields as they were for this result: calibration refines roofs over time,
    -- and this result's metrics were computed against these.
    device_memory_bytes          INTEGER NOT NULL,
    device_peak_flops_f32        REAL,
    device_bandwidth_bytes_per_s REAL,
    device_roof_source           TEXT    NOT NULL,
    device_kind                  TEXT    NOT NULL CHECK (device_kind IN ('measured', 'modeled', 'simulated')),
    provenance                   TEXT    NOT NULL CHECK (provenance IN ('measured', 'modeled', 'simulated')),
    status                       TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
    failure_reason               TEXT,
    rel_error                    REAL,
    flops                        REAL,
    bytes                        REAL,
    -- Statistics (all NULL when the result has none; sample_count marks presence).
    sample_count                 INTEGER,
    median_ns                    REAL,
    mean_ns                      REAL,
    min_ns                       REAL,
    p10_ns                       REAL,
    p90_ns                       REAL,
    p99_ns                       REAL,
    mad_ns                       REAL,
    ci_lower_ns                  REAL,
    ci_upper_ns                  REAL,
    -- Metrics (all NULL when the result has none; bound marks presence).
    tokens_per_s                 REAL,
    gflops                       REAL,
    gbps                         REAL,
    pct_of_peak                  REAL,
    bound                        TEXT,
    invocations_per_sample       INTEGER NOT NULL,
    seed                         INTEGER NOT NULL,
    cache                        TEXT    NOT NULL,
    -- Load imbalance (all NULL for results without routing; tokens_per_expert marks presence).
    load_max_over_mean           REAL,
    load_cv                      REAL,
    load_dropped                 INTEGER,
    load_tokens_per_expert       TEXT,     -- JSON array
    recorded_utc                 TEXT    NOT NULL
);

-- "Results of a run", in stored order.
CREATE INDEX ix_results_run ON results (run_id, id);
-- "History of one case on one device", oldest run first.
CREATE INDEX ix_results_case_device ON results (case_id, device_key, run_id);

-- Raw samples, one BLOB of little-endian float64 per result, kept out of the results rows so scans of
-- statistics never page through them. No row when a result has no samples.
CREATE TABLE result_samples (
    result_id INTEGER PRIMARY KEY REFERENCES results (id) ON DELETE CASCADE,
    samples   BLOB NOT NULL
);
