-- Placeholder: migration 0008 belongs to another branch of issue work merged beside serving-load (which owns 0009).
-- Migrations are numbered 1..N without gaps, so this keeps 0009 applicable on its own branch; the lead replaces this
-- file with that branch's 0008 at merge. It changes nothing.
SELECT 1;
