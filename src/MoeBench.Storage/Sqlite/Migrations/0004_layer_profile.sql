-- Per-phase median times of a layer case (JSON array of {"name", "median_ns", "gemm"}); NULL for kernels.
ALTER TABLE results ADD COLUMN profile TEXT;
