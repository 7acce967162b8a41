-- Roofs that hold: the memory tier each result's bytes were held to, and a flag on any result above its roof.

-- The tier (dram, l1, l2, l3, hbm, ...) a result's memory time was computed at: a hot case is held to the cache its
-- working set fits in, a cold one to main memory. NULL for results stored before, all held to main memory.
ALTER TABLE results ADD COLUMN roof_tier TEXT;

-- 1 where pct_of_peak is above 100: the result beat its roof, which proves that roof wrong. The share is kept as
-- measured, never clamped, and every reader is told.
ALTER TABLE results ADD COLUMN roof_exceeded INTEGER NOT NULL DEFAULT 0;

-- Results stored before were never flagged; those of them above their roofs are flagged now.
UPDATE results SET roof_exceeded = 1 WHERE status = 'ok' AND pct_of_peak > 100;
