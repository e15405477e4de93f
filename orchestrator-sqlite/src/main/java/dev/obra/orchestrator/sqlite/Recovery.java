package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.StoreWrites.SESSION_RUNNING;
import static dev.obra.orchestrator.sqlite.StoreWrites.TASK_ALIVE;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.SessionStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Finds the running sessions and tasks of stores that stopped heartbeating, and ends them: sessions ABANDONED (with
 * their time up to the last heartbeat), tasks FAILED with the reason. Rare, so its SQL is rendered per call.
 */
final class Recovery {
    /** A running session that nobody beats for. */
    private record Stale(String sessionId, String taskId, String owner, long startedAt, long lastBeat) {}

    /** A running task that nobody beats for. */
    private record StaleTask(String id, String owner, long lastBeat) {}

    private Recovery() {}

    /** Recovers what stopped beating before {@code cutoff}, except {@code owner}'s own; returns the sessions. */
    static int run(Database db, String owner, long cutoff) {
        DSLContext dsl = db.dsl();
        var s = SESSION_RECORD;
        Condition staleSession = SESSION_RUNNING.and(s.HEARTBEAT_AT.lt(cutoff)).and(s.OWNER.ne(owner));
        Condition staleTask = TASK_ALIVE.and(TASK.HEARTBEAT_AT.lt(cutoff)).and(TASK.OWNER.ne(owner));
        // Look without the write lock first: there is usually nothing to do.
        boolean any = db.read(st -> st.query(
                dsl.selectOne()
                        .from(s)
                        .where(staleSession)
                        .unionAll(dsl.selectOne().from(TASK).where(staleTask)),
                rows -> rows.next()));
        if (!any) {
            return 0;
        }
        long now = System.currentTimeMillis();
        return db.transaction(st -> {
            List<Stale> sessions = st.query(
                    dsl.select(s.SESSION_ID, s.TASK_ID, s.OWNER, s.STARTED_AT, s.HEARTBEAT_AT)
                            .from(s)
                            .where(staleSession),
                    rows -> StatementRunner.all(
                            rows,
                            row -> new Stale(
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    row.getLong(4),
                                    row.getLong(5))));
            Set<String> owners = new HashSet<>();
            Set<String> tasks = new HashSet<>();
            int marked = 0;
            for (Stale stale : sessions) {
                marked += st.update(dsl.update(s)
                        .set(s.STATUS, SessionStatus.ABANDONED.name())
                        .set(s.ENDED_AT, stale.lastBeat())
                        .set(s.DURATION_MS, Math.max(0, stale.lastBeat() - stale.startedAt()))
                        .set(s.ERROR_KIND, SessionStatus.ABANDONED.name())
                        .set(s.ERROR_MESSAGE, stopped(stale.owner(), stale.lastBeat()) + "; its usage is unknown")
                        .where(s.SESSION_ID.eq(stale.sessionId()))
                        .and(SESSION_RUNNING));
                owners.add(stale.owner());
                tasks.add(stale.taskId());
            }
            // The tasks of those sessions too, in case their own heartbeat was refreshed just after the sessions'.
            Condition orphaned = TASK_ALIVE.and(TASK.ID.in(tasks)).and(TASK.OWNER.in(owners));
            List<StaleTask> failing = st.query(
                    dsl.select(TASK.ID, TASK.OWNER, TASK.HEARTBEAT_AT)
                            .from(TASK)
                            .where(tasks.isEmpty() ? staleTask : staleTask.or(orphaned)),
                    rows -> StatementRunner.all(
                            rows, row -> new StaleTask(row.getString(1), row.getString(2), row.getLong(3))));
            for (StaleTask task : failing) {
                st.update(dsl.update(TASK)
                        .set(TASK.STATUS, TaskStatus.FAILED.name())
                        .set(TASK.FINISHED_AT, now)
                        .set(
                                TASK.STATUS_REASON,
                                "abandoned: " + stopped(task.owner(), task.lastBeat())
                                        + "; its running sessions are ABANDONED")
                        .where(TASK.ID.eq(task.id()))
                        .and(TASK_ALIVE));
            }
            return marked;
        });
    }

    /** Says why a row was abandoned: the process that ran it stopped heartbeating. */
    private static String stopped(String owner, long lastBeat) {
        return "the process that ran it (" + owner + ") stopped heartbeating at " + Instant.ofEpochMilli(lastBeat)
                + ", probably because it crashed";
    }
}
