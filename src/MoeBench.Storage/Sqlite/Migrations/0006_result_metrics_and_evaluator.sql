-- Every metric of a result in one general table: a metric describes itself (unit, direction, kind), so a serving
-- scenario's TTFT percentiles, a modeled prediction and a timed kernel's samples are stored alike. value and the
-- interval are NULL for NaN, as every REAL here; samples are little-endian float64s (SampleBlob), NULL where the
-- metric has none. The timed columns of results and result_samples stay, written as before.
CREATE TABLE result_metrics (
    result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    metric_id TEXT    NOT NULL,
    unit      TEXT    NOT NULL,
    direction TEXT    NOT NULL CHECK (direction IN ('lower', 'higher')),
    kind      TEXT    NOT NULL,
    value     REAL,
    ci_lower  REAL,
    ci_upper  REAL,
    samples   BLOB,
    PRIMARY KEY (result_id, metric_id)
);

CREATE INDEX ix_result_metrics_metric ON result_metrics (metric_id);

-- Which evaluator made each result; every result stored before was timed by the measuring loop.
ALTER TABLE results ADD COLUMN evaluator TEXT NOT NULL DEFAULT 'measured';

-- Carry every stored result over: the metrics its columns hold, as the code derives them (ResultMetrics.Derived).
INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value, ci_lower, ci_upper, samples)
SELECT r.id, 'time_per_invocation', 'ns', 'lower', 'time_per_invocation', r.median_ns, r.ci_lower_ns, r.ci_upper_ns, s.samples
FROM results r LEFT JOIN result_samples s ON s.result_id = r.id
WHERE r.sample_count IS NOT NULL;

INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value)
SELECT id, 'gflops', 'GFLOP/s', 'higher', 'rate', gflops FROM results WHERE bound IS NOT NULL;

INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value)
SELECT id, 'gbps', 'GB/s', 'higher', 'rate', gbps FROM results WHERE bound IS NOT NULL;

INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value)
SELECT id, 'tokens_per_second', 'tokens/s', 'higher', 'rate', tokens_per_s
FROM results WHERE bound IS NOT NULL AND tokens_per_s IS NOT NULL;

INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value)
SELECT id, 'pct_of_peak', '%', 'higher', 'ratio', pct_of_peak
FROM results WHERE bound IS NOT NULL AND pct_of_peak IS NOT NULL;

INSERT INTO result_metrics (result_id, metric_id, unit, direction, kind, value)
SELECT id, 'relative_error', '1', 'lower', 'ratio', rel_error FROM results WHERE rel_error IS NOT NULL;
