package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskMetrics;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.store.TaskSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** The store's queries. Each is one statement; rows that break the records' rules become a StoreException. */
final class StoreReads {
    private final Database db;
    private final Metrics metrics;

    StoreReads(Database db) {
        this.db = db;
        this.metrics = new Metrics(db.backend);
    }

    Optional<TaskRecord> findTask(TaskId id) {
        return query("read task " + id, sql -> sql.selectFrom(TASK).where(TASK.ID.eq(id.value())).fetchOptional())
                .map(r -> map(r, Rows::task, "task"));
    }

    List<SessionRecord> sessions(TaskId id) {
        return query("read the sessions of task " + id, sql -> sql.selectFrom(SESSION_RECORD)
                .where(SESSION_RECORD.TASK_ID.eq(id.value()))
                .orderBy(SESSION_RECORD.STARTED_AT, SESSION_RECORD.ITERATION, SESSION_RECORD.ATTEMPT,
                        SESSION_RECORD.SESSION_ID)
                .fetch()).map(r -> map(r, Rows::session, "session_record"));
    }

    List<IterationRecord> iterations(TaskId id) {
        return query("read the iterations of task " + id, sql -> sql.selectFrom(ITERATION)
                .where(ITERATION.TASK_ID.eq(id.value())).orderBy(ITERATION.ITERATION_).fetch())
                .map(r -> map(r, Rows::iteration, "iteration"));
    }

    List<BreakpointRecord> breakpoints(TaskId id) {
        return query("read the breakpoints of task " + id, sql -> sql.selectFrom(BREAKPOINT_EVENT)
                .where(BREAKPOINT_EVENT.TASK_ID.eq(id.value())).orderBy(BREAKPOINT_EVENT.ID).fetch())
                .map(r -> map(r, Rows::breakpoint, "breakpoint_event"));
    }

    /** One aggregate query over the task's sessions. */
    TaskMetrics taskMetrics(TaskId id) {
        Record row = query("sum the metrics of task " + id, sql -> sql.select(metrics.fields()).from(SESSION_RECORD)
                .where(SESSION_RECORD.TASK_ID.eq(id.value())).fetchOne());
        return map(row, metrics::read, "session_record");
    }

    /**
     * One query: the newest matching tasks (by index on created_at), their sessions aggregated per task in a
     * derived table, and the task rows joined back.
     */
    List<TaskSummary> listTasks(TaskQuery query) {
        List<Condition> filters = new ArrayList<>();
        query.status().ifPresent(s -> filters.add(TASK.STATUS.eq(s.name())));
        query.since().ifPresent(t -> filters.add(TASK.CREATED_AT.ge(Rows.millis(t))));
        query.until().ifPresent(t -> filters.add(TASK.CREATED_AT.lt(Rows.millis(t))));
        return query("list tasks", sql -> {
            Table<?> chosen = sql.select(TASK.ID).from(TASK).where(filters)
                    .orderBy(TASK.CREATED_AT.desc(), TASK.ID.desc()).limit(query.limit()).asTable("chosen");
            Field<String> chosenId = chosen.field(TASK.ID);
            List<SelectField<?>> perTask = new ArrayList<>(metrics.fields());
            perTask.add(chosenId.as("m_task_id"));
            Table<?> summed = sql.select(perTask).from(chosen).leftJoin(SESSION_RECORD)
                    .on(SESSION_RECORD.TASK_ID.eq(chosenId)).groupBy(chosenId).asTable("summed");
            List<SelectField<?>> columns = new ArrayList<>(List.of(TASK.fields()));
            columns.addAll(List.of(summed.fields()));
            return sql.select(columns).from(TASK).join(summed)
                    .on(summed.field("m_task_id", String.class).eq(TASK.ID))
                    .orderBy(TASK.CREATED_AT.desc(), TASK.ID.desc()).fetch();
        }).map(r -> new TaskSummary(map(r, Rows::task, "task"), map(r, metrics::read, "session_record")));
    }

    private <T> T query(String what, Database.Work<T> work) {
        try {
            return db.read(work);
        } catch (DataAccessException e) {
            throw Failures.of("cannot " + what, db, e);
        }
    }

    private <T> T map(Record row, Function<Record, T> mapper, String table) {
        try {
            return mapper.apply(row);
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new StoreException("a row of " + table + " in " + db.description + " breaks the rules of its "
                    + "record, so it was changed outside Obra: " + e.getMessage(), e);
        }
    }
}
