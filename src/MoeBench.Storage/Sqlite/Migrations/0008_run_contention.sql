-- 0008: what else used the machine during a run (JSON of RunContention; NULL for runs stored before it was observed).
ALTER TABLE runs ADD COLUMN contention TEXT;
