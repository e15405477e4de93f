package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.StoreWrites.SESSION_RUNNING;
import static dev.obra.orchestrator.sqlite.StoreWrites.TASK_ALIVE;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.SessionStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.ResultQuery;

/**
 * Finds the running sessions and tasks of stores that stopped heartbeating, and ends them: sessions ABANDONED (with
 * their time up to the last heartbeat), tasks FAILED with the reason. Rare, so its SQL is rendered per call.
 */
final class Recovery {
    /** A running session that nobody beats for. */
    private record Stale(String sessionId, String taskId, String owner, long startedAt, long lastBeat) {
    }

    /** A running task that nobody beats for. */
    private record StaleTask(String id, String owner, long lastBeat) {
    }

    private Recovery() {
    }

    /** Recovers what stopped beating before {@code cutoff}, except {@code owner}'s own; returns the sessions. */
    static int run(Database db, String owner, long cutoff) {
        DSLContext dsl = db.dsl();
        var s = SESSION_RECORD;
        Condition staleSession = SESSION_RUNNING.and(s.HEARTBEAT_AT.lt(cutoff)).and(s.OWNER.ne(owner));
        Condition staleTask = TASK_ALIVE.and(TASK.HEARTBEAT_AT.lt(cutoff)).and(TASK.OWNER.ne(owner));
        // Look without the write lock first: there is usually nothing to do.
        boolean any = db.read(st -> query(st, dsl, dsl.selectOne().from(s).where(staleSession)
                .unionAll(dsl.selectOne().from(TASK).where(staleTask)), rows -> rows.next()));
        if (!any) {
            return 0;
        }
        long now = System.currentTimeMillis();
        return db.transaction(st -> {
            List<Stale> sessions = query(st, dsl, dsl.select(s.SESSION_ID, s.TASK_ID, s.OWNER, s.STARTED_AT,
                    s.HEARTBEAT_AT).from(s).where(staleSession), rows -> {
                        List<Stale> list = new ArrayList<>();
                        while (rows.next()) {
                            list.add(new Stale(rows.getString(1), rows.getString(2), rows.getString(3),
                                    rows.getLong(4), rows.getLong(5)));
                        }
                        return list;
                    });
            Set<String> owners = new HashSet<>();
            Set<String> tasks = new HashSet<>();
            int marked = 0;
            for (Stale stale : sessions) {
                marked += update(st, dsl, dsl.update(s)
                        .set(s.STATUS, SessionStatus.ABANDONED.name())
                        .set(s.ENDED_AT, stale.lastBeat())
                        .set(s.DURATION_MS, Math.max(0, stale.lastBeat() - stale.startedAt()))
                        .set(s.ERROR_KIND, SessionStatus.ABANDONED.name())
                        .set(s.ERROR_MESSAGE, "the process that ran it (" + stale.owner() + ") stopped heartbeating "
                                + "at " + Instant.ofEpochMilli(stale.lastBeat()) + ", probably because it crashed; "
                                + "its usage is unknown")
                        .where(s.SESSION_ID.eq(stale.sessionId())).and(SESSION_RUNNING));
                owners.add(stale.owner());
                tasks.add(stale.taskId());
            }
            // The tasks of those sessions too, in case their own heartbeat was refreshed just after the sessions'.
            Condition orphaned = TASK_ALIVE.and(TASK.ID.in(tasks)).and(TASK.OWNER.in(owners));
            List<StaleTask> failing = query(st, dsl, dsl.select(TASK.ID, TASK.OWNER, TASK.HEARTBEAT_AT).from(TASK)
                    .where(tasks.isEmpty() ? staleTask : staleTask.or(orphaned)), rows -> {
                        List<StaleTask> list = new ArrayList<>();
                        while (rows.next()) {
                            list.add(new StaleTask(rows.getString(1), rows.getString(2), rows.getLong(3)));
                        }
                        return list;
                    });
            for (StaleTask task : failing) {
                update(st, dsl, dsl.update(TASK)
                        .set(TASK.STATUS, TaskStatus.FAILED.name())
                        .set(TASK.FINISHED_AT, now)
                        .set(TASK.STATUS_REASON, "abandoned: the process that ran it (" + task.owner() + ") stopped "
                                + "heartbeating at " + Instant.ofEpochMilli(task.lastBeat()) + ", probably because "
                                + "it crashed; its running sessions are ABANDONED")
                        .where(TASK.ID.eq(task.id())).and(TASK_ALIVE));
            }
            return marked;
        });
    }

    private static <T> T query(Statements st, DSLContext dsl, ResultQuery<?> query, Statements.Reader<T> reader)
            throws SQLException {
        return st.query(dsl.render(query), dsl.extractBindValues(query), reader);
    }

    private static int update(Statements st, DSLContext dsl, Query query) throws SQLException {
        return st.update(dsl.render(query), dsl.extractBindValues(query));
    }
}
