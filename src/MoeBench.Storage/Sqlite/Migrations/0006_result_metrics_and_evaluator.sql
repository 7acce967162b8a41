-- Placeholder on the spine-devices branch only: version 6 belongs to the metrics table of the results branch
-- (same file name), which replaces this file at merge. It keeps the versions gapless so 0007 applies here.
SELECT 1;
