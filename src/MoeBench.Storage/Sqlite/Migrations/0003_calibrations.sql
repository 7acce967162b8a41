-- 0002: device calibrations — measured roofs per device identity, reused by runs while recent.
-- A calibration may exist before any result of its device (moebench calibrate), so device_key is not a
-- foreign key into devices.

CREATE TABLE calibrations (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    device_key            TEXT    NOT NULL,  -- DeviceInfo.IdentityKey
    device_id             TEXT    NOT NULL,  -- cpu, cpu-blas, ... (for readers; the key is what matches)
    measured_utc          TEXT    NOT NULL,
    host                  TEXT    NOT NULL,
    threads               INTEGER NOT NULL,  -- threads of the all-thread figures
    bandwidth_bytes_per_s REAL    NOT NULL,
    method                TEXT    NOT NULL,
    details               TEXT    NOT NULL   -- JSON object: the figures behind the roofs, by name
);

-- "Latest calibration of a device identity".
CREATE INDEX ix_calibrations_device ON calibrations (device_key, measured_utc, id);

-- Peak FLOP/s per dtype and ISA path, on one thread and on all of the calibration's threads.
CREATE TABLE calibration_peaks (
    calibration_id       INTEGER NOT NULL REFERENCES calibrations (id) ON DELETE CASCADE,
    dtype                TEXT    NOT NULL,
    path                 TEXT    NOT NULL,
    flops_single_thread  REAL    NOT NULL,
    flops_all_threads    REAL    NOT NULL,
    PRIMARY KEY (calibration_id, dtype, path)
);
