-- Serving scenarios: INVALID results, and each serving result's per-request records and step timeline.

-- A result that ran but broke a rule that makes its numbers comparable (LoadGen's INVALID: a minimum missed, a
-- server behind its arrival schedule). results.status has a CHECK of ('ok', 'failed'), and SQLite changes a CHECK
-- only by rebuilding results and every table that references it; so an invalid result keeps status 'failed' — a
-- reader that knows only ok/failed never takes it for a plain result — and invalid = 1, which the store reads back
-- as status invalid. failure_reason names the rule.
ALTER TABLE results ADD COLUMN invalid INTEGER NOT NULL DEFAULT 0 CHECK (invalid IN (0, 1));

-- One row per serving result that has a timeline; marks its presence.
CREATE TABLE serving_runs (
    result_id       INTEGER PRIMARY KEY REFERENCES results (id) ON DELETE CASCADE,
    kv_blocks_total INTEGER NOT NULL
);

-- What each request saw; times in seconds from the start of the serving run. first_token_s and finish_s are NULL for
-- a request the run ended before; token_times is little-endian float64s, one per output token produced.
CREATE TABLE serving_requests (
    result_id            INTEGER NOT NULL REFERENCES serving_runs (result_id) ON DELETE CASCADE,
    request_id           INTEGER NOT NULL,
    arrival_s            REAL    NOT NULL,
    prompt_tokens        INTEGER NOT NULL,
    output_tokens        INTEGER NOT NULL,
    first_token_s        REAL,
    finish_s             REAL,
    token_times          BLOB,
    preemptions          INTEGER NOT NULL,
    prefix_tokens_reused INTEGER NOT NULL,
    warmup               INTEGER NOT NULL CHECK (warmup IN (0, 1)),
    PRIMARY KEY (result_id, request_id)
);

-- The batch-composition timeline: one row per engine step.
CREATE TABLE serving_steps (
    result_id        INTEGER NOT NULL REFERENCES serving_runs (result_id) ON DELETE CASCADE,
    step_index       INTEGER NOT NULL,
    start_s          REAL    NOT NULL,
    end_s            REAL    NOT NULL,
    prefill_tokens   INTEGER NOT NULL,
    decode_tokens    INTEGER NOT NULL,
    running_requests INTEGER NOT NULL,
    waiting_requests INTEGER NOT NULL,
    kv_blocks_used   INTEGER NOT NULL,
    PRIMARY KEY (result_id, step_index)
);
