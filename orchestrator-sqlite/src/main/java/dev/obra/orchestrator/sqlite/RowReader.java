package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionError;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Field;

/**
 * Turns rows into the core's records, reading columns by the names of the generated fields. Values are mapped one
 * to one; the records' constructors check them.
 */
final class RowReader {
    private RowReader() {}

    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    static TaskRecord task(ResultSet r) throws SQLException {
        return new TaskRecord(
                TaskId.of(get(r, TASK.ID)),
                get(r, TASK.DESCRIPTION),
                Optional.ofNullable(get(r, TASK.WORKING_DIRECTORY)).map(Path::of),
                TaskStatus.valueOf(get(r, TASK.STATUS)),
                get(r, TASK.MAX_ITERATIONS),
                decision(get(r, TASK.FINAL_DECISION), get(r, TASK.FINAL_DECISION_REASON)),
                get(r, TASK.STATUS_REASON),
                get(r, TASK.OUTPUT),
                Instant.ofEpochMilli(get(r, TASK.CREATED_AT)),
                Optional.ofNullable(get(r, TASK.FINISHED_AT)).map(Instant::ofEpochMilli),
                delivery(r));
    }

    /** The task's delivery: none when delivery_branch is NULL (in place, or a version 1 row). */
    private static Optional<Delivery> delivery(ResultSet r) throws SQLException {
        String branch = get(r, TASK.DELIVERY_BRANCH);
        if (branch == null) {
            return Optional.empty();
        }
        ColumnValues.ChangeColumns columns = ColumnValues.ChangeColumns.OF_TASK;
        // A delivery's changes are git's, without commits or notes.
        WorkspaceChanges changes = Boolean.TRUE.equals(get(r, columns.probed()))
                ? columns.read(r, true, List.of(), List.of())
                : WorkspaceChanges.notProbed();
        return Optional.of(new Delivery(
                branch,
                get(r, TASK.DELIVERY_BASE_COMMIT),
                Optional.ofNullable(get(r, TASK.DELIVERY_COMMIT)),
                changes,
                Optional.ofNullable(get(r, TASK.DELIVERY_WORKTREE)).map(Path::of),
                Optional.ofNullable(get(r, TASK.DELIVERY_FAILURE))));
    }

    static SessionRecord session(ResultSet r) throws SQLException {
        var s = SESSION_RECORD;
        String errorKind = get(r, s.ERROR_KIND);
        String errorMessage = get(r, s.ERROR_MESSAGE);
        Optional<SessionError> error = Optional.ofNullable(errorKind)
                .map(kind -> new SessionError(kind, errorMessage == null ? "" : errorMessage));
        return new SessionRecord(
                SessionId.of(get(r, s.SESSION_ID)),
                TaskId.of(get(r, s.TASK_ID)),
                get(r, s.ITERATION),
                get(r, s.ATTEMPT),
                SessionRecord.Mode.valueOf(get(r, s.MODE)),
                Optional.ofNullable(get(r, s.PARENT_SESSION_ID)).map(SessionId::of),
                SessionStatus.valueOf(get(r, s.STATUS)),
                Instant.ofEpochMilli(get(r, s.STARTED_AT)),
                Optional.ofNullable(get(r, s.ENDED_AT)).map(Instant::ofEpochMilli),
                new Usage(
                        get(r, s.INPUT_TOKENS),
                        get(r, s.OUTPUT_TOKENS),
                        get(r, s.CACHE_CREATION_TOKENS),
                        get(r, s.CACHE_READ_TOKENS)),
                get(r, s.NUM_TURNS),
                get(r, s.COST_USD),
                get(r, s.REPORTED_COST_USD),
                Duration.ofMillis(get(r, s.DURATION_MS)),
                error,
                DenialsJson.read(get(r, s.PERMISSION_DENIALS)));
    }

    static IterationRecord iteration(ResultSet r) throws SQLException {
        var i = ITERATION;
        Optional<Validation> validation = get(r, i.VALIDATION_PASSED) == null
                ? Optional.empty()
                : Optional.of(new Validation(
                        get(r, i.VALIDATION_PASSED),
                        get(r, i.VALIDATION_COMPLETE),
                        JsonLists.read(get(r, i.VALIDATION_ISSUES), "iteration.validation_issues")));
        Optional<QualityScore> quality = get(r, i.QUALITY_SCORE) == null
                ? Optional.empty()
                : Optional.of(new QualityScore(
                        get(r, i.QUALITY_SCORE),
                        QualityScore.Source.valueOf(get(r, i.QUALITY_SOURCE)),
                        get(r, i.QUALITY_HEURISTIC_SCORE),
                        get(r, i.QUALITY_SUMMARY),
                        JsonLists.read(get(r, i.QUALITY_ISSUES), "iteration.quality_issues"),
                        Optional.ofNullable(get(r, i.QUALITY_FALLBACK_REASON)),
                        new JudgeUsage(
                                get(r, i.JUDGE_CALLS),
                                Duration.ofMillis(get(r, i.JUDGE_DURATION_MS)),
                                get(r, i.JUDGE_PROMPT_TOKENS),
                                get(r, i.JUDGE_COMPLETION_TOKENS)),
                        // Rows written before schema version 4 have neither.
                        get(r, i.QUALITY_VERDICT) == null
                                ? QualityScore.Verdict.NONE
                                : QualityScore.Verdict.valueOf(get(r, i.QUALITY_VERDICT)),
                        list(get(r, i.QUALITY_NOTES), "iteration.quality_notes")));
        Optional<Confidence> confidence = get(r, i.CONFIDENCE) == null
                ? Optional.empty()
                : Optional.of(new Confidence(
                        get(r, i.CONFIDENCE), get(r, i.CONFIDENCE_AGREEMENT), get(r, i.CONFIDENCE_EVIDENCE)));
        WorkspaceChanges changes = ColumnValues.ChangeColumns.OF_ITERATION.read(
                r,
                get(r, i.CHANGES_GIT),
                list(get(r, i.CHANGES_COMMITS), "iteration.changes_commits"),
                list(get(r, i.CHANGES_NOTES), "iteration.changes_notes"));
        Optional<VerificationResult> verification = get(r, i.VERIFICATION_COMMAND) == null
                ? Optional.empty()
                : Optional.of(new VerificationResult(
                        JsonLists.read(get(r, i.VERIFICATION_COMMAND), "iteration.verification_command"),
                        get(r, i.VERIFICATION_EXIT_CODE),
                        get(r, i.VERIFICATION_TIMED_OUT),
                        get(r, i.VERIFICATION_OUTPUT_TAIL),
                        Duration.ofMillis(get(r, i.VERIFICATION_DURATION_MS))));
        return new IterationRecord(
                TaskId.of(get(r, i.TASK_ID)),
                get(r, i.ITERATION_),
                SessionId.of(get(r, i.SESSION_ID)),
                get(r, i.ATTEMPTS),
                get(r, i.PROMPT),
                get(r, i.RESPONSE),
                validation,
                quality,
                confidence,
                Decision.of(get(r, i.DECISION), get(r, i.DECISION_REASON)),
                changes,
                verification,
                Instant.ofEpochMilli(get(r, i.CREATED_AT)));
    }

    /** Reads a JSON list column added after version 1, where NULL (an older row) is the empty list. */
    private static List<String> list(String json, String column) {
        return json == null ? List.of() : JsonLists.read(json, column);
    }

    static BreakpointRecord breakpoint(ResultSet r) throws SQLException {
        var b = BREAKPOINT_EVENT;
        String detail = get(r, b.RESOLUTION_DETAIL);
        Resolution resolution;
        switch (get(r, b.RESOLUTION)) {
            case "CONTINUE":
                resolution = new Resolution.Continue(Optional.ofNullable(detail));
                break;
            case "STOP":
                resolution = new Resolution.Stop(detail == null ? "" : detail);
                break;
            default:
                throw new IllegalArgumentException("unknown resolution '" + get(r, b.RESOLUTION) + "'");
        }
        return new BreakpointRecord(
                TaskId.of(get(r, b.TASK_ID)),
                get(r, b.ITERATION),
                get(r, b.NAME),
                get(r, b.DESCRIPTION),
                resolution,
                Instant.ofEpochMilli(get(r, b.OCCURRED_AT)),
                Instant.ofEpochMilli(get(r, b.RESOLVED_AT)));
    }

    /** Returns the column of {@code field}, null when SQL NULL, typed as the field. */
    @SuppressWarnings("unchecked")
    static <T> T get(ResultSet r, Field<T> field) throws SQLException {
        String column = field.getName();
        Class<T> type = field.getType();
        Object value;
        if (type == String.class) {
            value = r.getString(column);
        } else if (type == Long.class) {
            value = r.getLong(column);
        } else if (type == Integer.class) {
            value = r.getInt(column);
        } else if (type == Boolean.class) {
            value = r.getBoolean(column);
        } else if (type == Double.class) {
            value = r.getDouble(column);
        } else if (type == BigDecimal.class) {
            value = r.getBigDecimal(column);
        } else {
            throw new IllegalArgumentException("cannot read a " + type.getName());
        }
        return r.wasNull() ? null : (T) value;
    }

    private static Optional<Decision> decision(String name, String reason) {
        return name == null ? Optional.empty() : Optional.of(Decision.of(name, reason == null ? "" : reason));
    }
}
