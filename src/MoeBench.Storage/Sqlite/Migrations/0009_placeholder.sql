-- Placeholder: number 9 belongs to another branch's migration, merged separately. Migrations are numbered without
-- gaps, so this branch's 0010 needs 8 and 9 to exist here; delete this file when the owner's 0009 is merged.
SELECT 1;
