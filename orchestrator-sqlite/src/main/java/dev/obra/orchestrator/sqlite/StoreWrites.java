package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The store's writes. Each is one statement, so each is atomic; a write that breaks a rule (an unknown task, a
 * duplicate id, a session that is not open) fails in the database, and only then does the store look up which rule
 * it was, so that the common path costs one statement.
 */
final class StoreWrites {
    /** Statuses as literals, so that the partial indexes on running rows apply (a bind value would not match). */
    static final Condition TASK_ALIVE = TASK.STATUS.in(DSL.inline("PENDING"), DSL.inline("RUNNING"));

    static final Condition SESSION_RUNNING = SESSION_RECORD.STATUS.eq(DSL.inline("RUNNING"));

    private static final List<Field<?>> TASK_END = withDelivery(List.of(
            TASK.STATUS,
            TASK.FINAL_DECISION,
            TASK.FINAL_DECISION_REASON,
            TASK.STATUS_REASON,
            TASK.OUTPUT,
            TASK.FINISHED_AT));
    private static final List<Field<?>> SESSION_OUTCOME = List.of(
            SESSION_RECORD.STATUS,
            SESSION_RECORD.ENDED_AT,
            SESSION_RECORD.INPUT_TOKENS,
            SESSION_RECORD.OUTPUT_TOKENS,
            SESSION_RECORD.CACHE_CREATION_TOKENS,
            SESSION_RECORD.CACHE_READ_TOKENS,
            SESSION_RECORD.NUM_TURNS,
            SESSION_RECORD.COST_USD,
            SESSION_RECORD.REPORTED_COST_USD,
            SESSION_RECORD.DURATION_MS,
            SESSION_RECORD.ERROR_KIND,
            SESSION_RECORD.ERROR_MESSAGE,
            SESSION_RECORD.PERMISSION_DENIALS);

    private final Database db;
    private final String owner;
    private final PreparedSql insertTask;
    private final PreparedSql finishTask;
    private final PreparedSql recordDelivery;
    private final PreparedSql insertSession;
    private final PreparedSql closeSession;
    private final PreparedSql insertIteration;
    private final PreparedSql insertBreakpoint;
    private final PreparedSql beatSessions;
    private final PreparedSql beatTasks;

    StoreWrites(Database db, String owner) {
        this.db = db;
        this.owner = owner;
        DSLContext dsl = db.dsl();
        insertTask = PreparedSql.insert(dsl, TASK, List.of(TASK.fields()));
        finishTask = PreparedSql.update(
                dsl, TASK, TASK_END, TASK.ID.eq(PreparedSql.param(TASK.ID)).and(TASK_ALIVE), List.of(TASK.ID));
        recordDelivery = PreparedSql.update(
                dsl, TASK, ColumnValues.DELIVERY, TASK.ID.eq(PreparedSql.param(TASK.ID)), List.of(TASK.ID));
        insertSession = PreparedSql.insert(dsl, SESSION_RECORD, List.of(SESSION_RECORD.fields()));
        closeSession = PreparedSql.update(
                dsl,
                SESSION_RECORD,
                SESSION_OUTCOME,
                SESSION_RECORD
                        .SESSION_ID
                        .eq(PreparedSql.param(SESSION_RECORD.SESSION_ID))
                        .and(SESSION_RECORD.TASK_ID.eq(PreparedSql.param(SESSION_RECORD.TASK_ID)))
                        .and(SESSION_RUNNING),
                List.of(SESSION_RECORD.SESSION_ID, SESSION_RECORD.TASK_ID));
        insertIteration = PreparedSql.insert(dsl, ITERATION, List.of(ITERATION.fields()));
        // Without the id, which the database assigns (identity; on SQLite the rowid).
        insertBreakpoint = PreparedSql.insert(
                dsl, BREAKPOINT_EVENT, List.of(BREAKPOINT_EVENT.fields()).subList(1, BREAKPOINT_EVENT.fields().length));
        beatSessions = beat(dsl, SESSION_RECORD, SESSION_RECORD.HEARTBEAT_AT, SESSION_RUNNING, SESSION_RECORD.OWNER);
        beatTasks = beat(dsl, TASK, TASK.HEARTBEAT_AT, TASK_ALIVE, TASK.OWNER);
    }

    /** Returns {@code UPDATE table SET heartbeat = ? WHERE running AND owner = ?}: one owner's heartbeat. */
    private static PreparedSql beat(
            DSLContext dsl, Table<?> table, Field<Long> heartbeat, Condition running, Field<String> owner) {
        return PreparedSql.update(
                dsl, table, List.of(heartbeat), running.and(owner.eq(PreparedSql.param(owner))), List.of(owner));
    }

    void createTask(TaskRecord task) {
        Map<Field<?>, Object> row = ColumnValues.taskEnd(task);
        row.put(TASK.ID, task.id().value());
        row.put(TASK.DESCRIPTION, task.description());
        row.put(
                TASK.WORKING_DIRECTORY,
                task.workingDirectory().map(Object::toString).orElse(null));
        row.put(TASK.MAX_ITERATIONS, task.maxIterations());
        row.put(TASK.CREATED_AT, RowReader.millis(task.createdAt()));
        row.put(TASK.OWNER, owner);
        row.put(TASK.HEARTBEAT_AT, System.currentTimeMillis());
        guarded(
                "cannot create task " + task.id(),
                () -> db.write(s -> s.update(insertTask, row)),
                () -> exists(TASK, TASK.ID.eq(task.id().value()))
                        ? Optional.of("task " + task.id() + " already exists")
                        : Optional.empty());
    }

    void finishTask(TaskRecord finished) {
        if (!finished.status().isFinal()) {
            throw new StoreException("task " + finished.id() + " cannot finish as " + finished.status());
        }
        Map<Field<?>, Object> row = ColumnValues.taskEnd(finished);
        row.put(TASK.ID, finished.id().value());
        int updated = guarded(
                "cannot finish task " + finished.id(), () -> db.write(s -> s.update(finishTask, row)), Optional::empty);
        if (updated == 0) {
            Optional<String> status = once(
                    db.dsl()
                            .select(TASK.STATUS)
                            .from(TASK)
                            .where(TASK.ID.eq(finished.id().value())),
                    rows -> rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty());
            throw new StoreException(
                    status.isEmpty()
                            ? "task " + finished.id() + " does not exist"
                            : "task " + finished.id() + " already ended " + status.get());
        }
    }

    void recordDelivery(TaskId id, Delivery delivery) {
        Map<Field<?>, Object> row = ColumnValues.delivery(Optional.of(delivery));
        row.put(TASK.ID, id.value());
        int updated = guarded(
                "cannot record the delivery of task " + id,
                () -> db.write(s -> s.update(recordDelivery, row)),
                Optional::empty);
        if (updated == 0) {
            throw new StoreException("task " + id + " does not exist");
        }
    }

    private static List<Field<?>> withDelivery(List<Field<?>> fields) {
        List<Field<?>> all = new ArrayList<>(fields);
        all.addAll(ColumnValues.DELIVERY);
        return List.copyOf(all);
    }

    void openSession(SessionRecord session) {
        if (session.status() != SessionStatus.RUNNING) {
            throw new StoreException(
                    "session " + session.sessionId() + " must be opened RUNNING, was " + session.status());
        }
        Map<Field<?>, Object> row = ColumnValues.sessionOutcome(session);
        row.put(SESSION_RECORD.SESSION_ID, session.sessionId().value());
        row.put(SESSION_RECORD.TASK_ID, session.taskId().value());
        row.put(SESSION_RECORD.ITERATION, session.iteration());
        row.put(SESSION_RECORD.ATTEMPT, session.attempt());
        row.put(SESSION_RECORD.MODE, session.mode().name());
        row.put(
                SESSION_RECORD.PARENT_SESSION_ID,
                session.parentSessionId().map(Object::toString).orElse(null));
        row.put(SESSION_RECORD.STARTED_AT, RowReader.millis(session.startedAt()));
        row.put(SESSION_RECORD.OWNER, owner);
        row.put(SESSION_RECORD.HEARTBEAT_AT, System.currentTimeMillis());
        guarded(
                "cannot open session " + session.sessionId() + " of task " + session.taskId(),
                () -> db.write(s -> s.update(insertSession, row)),
                () -> missingTask(session.taskId())
                        .or(() -> exists(
                                        SESSION_RECORD,
                                        SESSION_RECORD.SESSION_ID.eq(
                                                session.sessionId().value()))
                                ? Optional.of("session " + session.sessionId() + " already exists")
                                : Optional.empty()));
    }

    void closeSession(SessionRecord session) {
        if (session.status() == SessionStatus.RUNNING) {
            throw new StoreException("session " + session.sessionId() + " cannot be closed as RUNNING");
        }
        Map<Field<?>, Object> row = ColumnValues.sessionOutcome(session);
        row.put(SESSION_RECORD.SESSION_ID, session.sessionId().value());
        row.put(SESSION_RECORD.TASK_ID, session.taskId().value());
        int updated = guarded(
                "cannot close session " + session.sessionId() + " of task " + session.taskId(),
                () -> db.write(s -> s.update(closeSession, row)),
                Optional::empty);
        if (updated == 0) {
            Optional<List<String>> current = once(
                    db.dsl()
                            .select(SESSION_RECORD.STATUS, SESSION_RECORD.TASK_ID)
                            .from(SESSION_RECORD)
                            .where(SESSION_RECORD.SESSION_ID.eq(
                                    session.sessionId().value())),
                    rows -> rows.next()
                            ? Optional.of(List.of(rows.getString(1), rows.getString(2)))
                            : Optional.<List<String>>empty());
            if (current.isEmpty()) {
                throw new StoreException("session " + session.sessionId() + " does not exist");
            }
            String status = current.get().get(0);
            throw new StoreException(
                    !status.equals(SessionStatus.RUNNING.name())
                            ? "session " + session.sessionId() + " is not open, it is " + status
                            : "session " + session.sessionId() + " belongs to task "
                                    + current.get().get(1) + ", not " + session.taskId());
        }
    }

    void recordIteration(IterationRecord it) {
        Map<Field<?>, Object> row = ColumnValues.iteration(it);
        guarded(
                "cannot record iteration " + it.iteration() + " of task " + it.taskId(),
                () -> db.write(s -> s.update(insertIteration, row)),
                () -> missingTask(it.taskId())
                        .or(() -> exists(
                                        ITERATION,
                                        ITERATION
                                                .TASK_ID
                                                .eq(it.taskId().value())
                                                .and(ITERATION.ITERATION_.eq(it.iteration())))
                                ? Optional.of("iteration " + it.iteration() + " of task " + it.taskId()
                                        + " is already recorded")
                                : Optional.empty())
                        .or(() -> exists(
                                        SESSION_RECORD,
                                        SESSION_RECORD.SESSION_ID.eq(
                                                it.sessionId().value()))
                                ? Optional.empty()
                                : Optional.of("session " + it.sessionId() + " of iteration " + it.iteration()
                                        + " of task " + it.taskId() + " does not exist")));
    }

    void recordBreakpoint(BreakpointRecord b) {
        Map<Field<?>, Object> row = ColumnValues.breakpoint(b);
        guarded(
                "cannot record breakpoint " + b.name() + " of task " + b.taskId(),
                () -> db.write(s -> s.update(insertBreakpoint, row)),
                () -> missingTask(b.taskId()));
    }

    /** Tells other stores that this one's running tasks and sessions are alive. */
    void heartbeat() {
        long now = System.currentTimeMillis();
        db.write(s ->
                s.update(beatSessions, ColumnValues.of(SESSION_RECORD.HEARTBEAT_AT, now, SESSION_RECORD.OWNER, owner)));
        db.write(s -> s.update(beatTasks, ColumnValues.of(TASK.HEARTBEAT_AT, now, TASK.OWNER, owner)));
    }

    /**
     * Marks running sessions whose owner stopped heartbeating before {@code cutoff} as ABANDONED, and the running
     * tasks of such owners as FAILED, in one transaction. Looks first without the write lock, since there is
     * usually nothing to do.
     *
     * @return how many sessions were marked
     */
    int recoverAbandoned(long cutoff) {
        return Recovery.run(db, owner, cutoff);
    }

    private Optional<String> missingTask(TaskId id) {
        return exists(TASK, TASK.ID.eq(id.value())) ? Optional.empty() : Optional.of("task " + id + " does not exist");
    }

    private boolean exists(Table<?> table, Condition condition) {
        return once(db.dsl().selectOne().from(table).where(condition), rows -> rows.next());
    }

    /** Runs a query rendered for this call: the diagnoses of failed writes, which are rare. */
    private <T> T once(ResultQuery<?> query, StatementRunner.Reader<T> reader) {
        return db.read(s -> s.query(query, reader));
    }

    private <T> T guarded(String what, Supplier<T> write, Supplier<Optional<String>> diagnosis) {
        try {
            return write.get();
        } catch (DatabaseException e) {
            Optional<String> broken;
            try {
                broken = diagnosis.get();
            } catch (RuntimeException diagnosisFailure) {
                e.addSuppressed(diagnosisFailure);
                broken = Optional.empty();
            }
            if (broken.isPresent()) {
                throw new StoreException(broken.get(), e);
            }
            throw StoreFailures.of(what, db, e);
        }
    }
}
