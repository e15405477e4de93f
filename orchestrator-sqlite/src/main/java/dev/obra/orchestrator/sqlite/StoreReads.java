package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.store.TaskSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.Table;

/** The store's queries. Each is one statement; rows that break the records' rules become a StoreException. */
final class StoreReads {
    private final Database db;
    private final Metrics metrics;
    private final PreparedSql findTask;
    private final PreparedSql sessions;
    private final PreparedSql iterations;
    private final PreparedSql breakpoints;
    private final PreparedSql taskMetrics;

    StoreReads(Database db) {
        this.db = db;
        this.metrics = new Metrics(db.backend);
        DSLContext dsl = db.dsl();
        findTask = PreparedSql.of(
                dsl, dsl.selectFrom(TASK).where(TASK.ID.eq(PreparedSql.param(TASK.ID))), List.of(TASK.ID));
        sessions = rowsOfTask(
                dsl,
                SESSION_RECORD,
                SESSION_RECORD.TASK_ID,
                SESSION_RECORD.STARTED_AT,
                SESSION_RECORD.ITERATION,
                SESSION_RECORD.ATTEMPT,
                SESSION_RECORD.SESSION_ID);
        iterations = rowsOfTask(dsl, ITERATION, ITERATION.TASK_ID, ITERATION.ITERATION_);
        breakpoints = rowsOfTask(dsl, BREAKPOINT_EVENT, BREAKPOINT_EVENT.TASK_ID, BREAKPOINT_EVENT.ID);
        taskMetrics = PreparedSql.of(
                dsl,
                dsl.select(metrics.fields())
                        .from(SESSION_RECORD)
                        .where(SESSION_RECORD.TASK_ID.eq(PreparedSql.param(SESSION_RECORD.TASK_ID))),
                List.of(SESSION_RECORD.TASK_ID));
    }

    /** Returns {@code SELECT * FROM table WHERE taskId = ? ORDER BY order}: the rows of one task, in order. */
    private static PreparedSql rowsOfTask(
            DSLContext dsl, Table<?> table, Field<String> taskId, OrderField<?>... order) {
        return PreparedSql.of(
                dsl,
                dsl.selectFrom(table)
                        .where(taskId.eq(PreparedSql.param(taskId)))
                        .orderBy(order),
                List.of(taskId));
    }

    Optional<TaskRecord> findTask(TaskId id) {
        return Optional.ofNullable(query(
                "read task " + id,
                findTask,
                byTask(TASK.ID, id),
                rows -> rows.next() ? map(rows, RowReader::task, "task") : null));
    }

    List<SessionRecord> sessions(TaskId id) {
        return query(
                "read the sessions of task " + id,
                sessions,
                byTask(SESSION_RECORD.TASK_ID, id),
                rows -> all(rows, RowReader::session, "session_record"));
    }

    List<IterationRecord> iterations(TaskId id) {
        return query(
                "read the iterations of task " + id,
                iterations,
                byTask(ITERATION.TASK_ID, id),
                rows -> all(rows, RowReader::iteration, "iteration"));
    }

    List<BreakpointRecord> breakpoints(TaskId id) {
        return query(
                "read the breakpoints of task " + id,
                breakpoints,
                byTask(BREAKPOINT_EVENT.TASK_ID, id),
                rows -> all(rows, RowReader::breakpoint, "breakpoint_event"));
    }

    /** One aggregate query over the task's sessions. */
    TaskMetrics taskMetrics(TaskId id) {
        return query("sum the metrics of task " + id, taskMetrics, byTask(SESSION_RECORD.TASK_ID, id), rows -> {
            rows.next();
            return map(rows, metrics::read, "session_record");
        });
    }

    /** Ended tasks whose delivery is still pending; rare, so rendered per call. */
    List<TaskRecord> pendingDeliveries() {
        DSLContext dsl = db.dsl();
        ResultQuery<?> select = dsl.selectFrom(TASK)
                .where(TASK.DELIVERY_BRANCH.isNotNull())
                .and(TASK.DELIVERY_CHANGES_PROBED.isFalse())
                .and(StoreWrites.TASK_ALIVE.not())
                .orderBy(TASK.CREATED_AT, TASK.ID);
        return read("list the pending deliveries", s -> s.query(select, rows -> all(rows, RowReader::task, "task")));
    }

    /**
     * One query: the newest matching tasks (by the index on created_at), their sessions aggregated per task in a
     * derived table, and the task rows joined back. Rendered per call, since its filters vary.
     */
    List<TaskSummary> listTasks(TaskQuery query) {
        DSLContext dsl = db.dsl();
        List<Condition> filters = new ArrayList<>();
        query.status().ifPresent(s -> filters.add(TASK.STATUS.eq(s.name())));
        query.since().ifPresent(t -> filters.add(TASK.CREATED_AT.ge(RowReader.millis(t))));
        query.until().ifPresent(t -> filters.add(TASK.CREATED_AT.lt(RowReader.millis(t))));
        Table<?> chosen = dsl.select(TASK.ID)
                .from(TASK)
                .where(filters)
                .orderBy(TASK.CREATED_AT.desc(), TASK.ID.desc())
                .limit(query.limit())
                .asTable("chosen");
        Field<String> chosenId = chosen.field(TASK.ID);
        List<SelectField<?>> perTask = new ArrayList<>(metrics.fields());
        perTask.add(chosenId.as("m_task_id"));
        Table<?> summed = dsl.select(perTask)
                .from(chosen)
                .leftJoin(SESSION_RECORD)
                .on(SESSION_RECORD.TASK_ID.eq(chosenId))
                .groupBy(chosenId)
                .asTable("summed");
        List<SelectField<?>> columns = new ArrayList<>(List.of(TASK.fields()));
        columns.addAll(List.of(summed.fields()));
        ResultQuery<?> select = dsl.select(columns)
                .from(TASK)
                .join(summed)
                .on(summed.field("m_task_id", String.class).eq(TASK.ID))
                .orderBy(TASK.CREATED_AT.desc(), TASK.ID.desc());
        return read(
                "list tasks",
                s -> s.query(
                        select,
                        rows -> all(
                                rows,
                                row -> new TaskSummary(
                                        map(row, RowReader::task, "task"), map(row, metrics::read, "session_record")),
                                "task")));
    }

    private static Map<Field<?>, Object> byTask(Field<String> field, TaskId id) {
        return Map.of(field, id.value());
    }

    private <T> T query(
            String what, PreparedSql template, Map<Field<?>, Object> values, StatementRunner.Reader<T> reader) {
        return read(what, s -> s.query(template, values, reader));
    }

    private <T> T read(String what, Database.Work<T> work) {
        try {
            return db.read(work);
        } catch (DatabaseException e) {
            throw StoreFailures.of("cannot " + what, db, e);
        }
    }

    private <T> List<T> all(ResultSet rows, StatementRunner.Reader<T> mapper, String table) throws SQLException {
        return StatementRunner.all(rows, row -> map(row, mapper, table));
    }

    /** Maps one row; what a record's constructor throws for values that break its rules becomes a StoreException. */
    private <T> T map(ResultSet row, StatementRunner.Reader<T> mapper, String table) throws SQLException {
        try {
            return mapper.read(row);
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new StoreException(
                    "a row of " + table + " in " + db.description + " breaks the rules of its "
                            + "record, so it was changed outside Obra: " + e.getMessage(),
                    e);
        }
    }
}
