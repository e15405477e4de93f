-- Obra session store, schema version 4, PostgreSQL.
-- The judge's pass/fail, which counts even when its score does not, with notes on how the score was reached; and
-- the commits the agent made in an iteration, with notes such as a HEAD that moved off the starting commit.
-- All four are NULL in rows written before version 4 (read as NONE and as empty lists).

ALTER TABLE iteration ADD COLUMN quality_verdict VARCHAR(8);
ALTER TABLE iteration ADD COLUMN quality_notes TEXT;
ALTER TABLE iteration ADD COLUMN changes_commits TEXT;
ALTER TABLE iteration ADD COLUMN changes_notes TEXT;
