-- The integer dot-product peak (int8/int4 weights × int16 activations where the CPU has AVX-512BW) beside the fp32
-- peak, and the share of a result's FLOPs held to it; NULL where a device has none and for results stored before.
ALTER TABLE devices ADD COLUMN peak_flops_integer REAL;
ALTER TABLE results ADD COLUMN device_peak_flops_integer REAL;
ALTER TABLE results ADD COLUMN integer_flops REAL;

-- Bytes/s probed beside each sample of a memory-bound cold case (little-endian float64s aligned with samples);
-- NULL where the case was held to the calibrated bandwidth.
ALTER TABLE result_samples ADD COLUMN sample_bandwidths BLOB;
