-- Obra session store, schema version 2, h2: the delivery of a task that works in a git worktree (its branch,
-- base commit, commit, what changed, and its worktree while it runs or when kept). All NULL for a task that works
-- in place, and for every task of a version 1 store; delivery_branch is set exactly when there is a delivery.
-- delivery_changes_probed is FALSE while the delivery is pending (the task runs, or its process stopped before
-- it delivered).

ALTER TABLE task ADD COLUMN delivery_branch VARCHAR;
ALTER TABLE task ADD COLUMN delivery_base_commit VARCHAR(64);
ALTER TABLE task ADD COLUMN delivery_commit VARCHAR(64);
ALTER TABLE task ADD COLUMN delivery_worktree VARCHAR;
ALTER TABLE task ADD COLUMN delivery_failure VARCHAR;
ALTER TABLE task ADD COLUMN delivery_changes_probed BOOLEAN;
ALTER TABLE task ADD COLUMN delivery_changed_files VARCHAR;
ALTER TABLE task ADD COLUMN delivery_files_changed INTEGER;
ALTER TABLE task ADD COLUMN delivery_insertions BIGINT;
ALTER TABLE task ADD COLUMN delivery_deletions BIGINT;
ALTER TABLE task ADD COLUMN delivery_changes_summary VARCHAR;
