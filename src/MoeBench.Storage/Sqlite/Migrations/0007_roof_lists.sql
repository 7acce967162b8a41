-- Roofs as lists: a calibration's memory tiers and links beside its peaks; each result's roof lists and the timer it
-- was measured by; the run context's accelerators beside its host.

-- Memory tiers in the device's order: position 0 is the main memory, the tier cold working sets are held to.
CREATE TABLE calibration_memory_tiers (
    calibration_id        INTEGER NOT NULL REFERENCES calibrations (id) ON DELETE CASCADE,
    position              INTEGER NOT NULL,
    name                  TEXT    NOT NULL,  -- dram, hbm, l3, ...
    capacity_bytes        INTEGER NOT NULL,  -- 0 where unknown
    bandwidth_bytes_per_s REAL    NOT NULL,
    latency_s             REAL,              -- NULL where not measured
    PRIMARY KEY (calibration_id, position)
);

-- Host<->device and device<->device links; a CPU device has none.
CREATE TABLE calibration_links (
    calibration_id        INTEGER NOT NULL REFERENCES calibrations (id) ON DELETE CASCADE,
    name                  TEXT    NOT NULL,
    bandwidth_bytes_per_s REAL    NOT NULL,
    latency_s             REAL,
    PRIMARY KEY (calibration_id, name)
);

-- Every calibration stored before was a CPU's: its one bandwidth is the STREAM figure of the host's DRAM, whose
-- capacity was not recorded. calibrations.bandwidth_bytes_per_s stays, written as the main tier's bandwidth.
INSERT INTO calibration_memory_tiers (calibration_id, position, name, capacity_bytes, bandwidth_bytes_per_s, latency_s)
SELECT id, 0, 'dram', 0, bandwidth_bytes_per_s, NULL FROM calibrations;

-- The roof lists a result was measured against (JSON: peaks, memory_tiers, links). NULL for results stored before:
-- they read back as lists built from device_peak_flops_f32, device_peak_flops_integer and device_bandwidth_bytes_per_s,
-- which stay and are still written.
ALTER TABLE results ADD COLUMN device_roofs TEXT;

-- The timer a result's samples were taken by; NULL before, when the host clock around synchronisation was the only one.
ALTER TABLE results ADD COLUMN device_timer TEXT;

-- Accelerators present for a run (JSON array of name, vendor, driver, memory_bytes); runs stored before had none
-- recorded, and every backend then was the host CPU.
ALTER TABLE runs ADD COLUMN accelerators TEXT NOT NULL DEFAULT '[]';
