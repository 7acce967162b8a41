-- Why a run was made (RunPurpose): 'benchmark' runs measure the code and are history; 'gate-check' runs measure the
-- gate itself (A/A pairs, injected slowdowns: moebench gate-check) and are kept out of history and of the run
-- selectors by form, so a nightly gate never learns its noise from, or compares with, an injected run.
ALTER TABLE runs ADD COLUMN purpose TEXT NOT NULL DEFAULT 'benchmark' CHECK (purpose IN ('benchmark', 'gate-check'));
