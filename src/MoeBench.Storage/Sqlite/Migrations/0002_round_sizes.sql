-- How many samples, in order, each round of the run took (JSON array of integers); NULL when all came from one
-- round. The comparison splits the samples by round to learn run-to-run noise without history.
ALTER TABLE result_samples ADD COLUMN round_sizes TEXT;
