package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Field;

/** Turns the core's records into column values, keyed by the generated fields; the reverse of {@link RowReader}. */
final class ColumnValues {
    /** Costs are kept to this many decimal places (10^-20 USD), the scale of the DECIMAL columns. */
    static final int COST_SCALE = 20;

    private ColumnValues() {}

    /** Returns a cost as stored: rounded to {@link #COST_SCALE} places only when it has more. */
    static BigDecimal cost(BigDecimal usd) {
        return usd.scale() > COST_SCALE ? usd.setScale(COST_SCALE, RoundingMode.HALF_EVEN) : usd;
    }

    /** Returns a mutable map of two columns. */
    static Map<Field<?>, Object> of(Field<?> first, Object firstValue, Field<?> second, Object secondValue) {
        Map<Field<?>, Object> row = new HashMap<>();
        row.put(first, firstValue);
        row.put(second, secondValue);
        return row;
    }

    /** The columns that say how a task stands: set when it is created, and again when it ends. */
    static Map<Field<?>, Object> taskEnd(TaskRecord task) {
        Map<Field<?>, Object> row = new HashMap<>();
        row.put(TASK.STATUS, task.status().name());
        row.put(TASK.FINAL_DECISION, task.finalDecision().map(d -> d.name()).orElse(null));
        row.put(
                TASK.FINAL_DECISION_REASON,
                task.finalDecision().map(d -> d.reason()).orElse(null));
        row.put(TASK.STATUS_REASON, task.statusReason());
        row.put(TASK.OUTPUT, task.output());
        row.put(TASK.FINISHED_AT, task.finishedAt().map(RowReader::millis).orElse(null));
        row.putAll(delivery(task.delivery()));
        return row;
    }

    /** The delivery columns, in {@link #DELIVERY} order; all null without a delivery. */
    static final List<Field<?>> DELIVERY = Stream.concat(
                    Stream.of(
                            TASK.DELIVERY_BRANCH,
                            TASK.DELIVERY_BASE_COMMIT,
                            TASK.DELIVERY_COMMIT,
                            TASK.DELIVERY_WORKTREE,
                            TASK.DELIVERY_FAILURE),
                    ChangeColumns.OF_TASK.all().stream())
            .collect(Collectors.toUnmodifiableList());

    /**
     * The columns a task's delivery and an iteration both keep of a {@link WorkspaceChanges}, written by
     * {@link #put} and read by {@link #read}.
     *
     * @param changedFilesColumn the table and name of {@code changedFiles}, for the message about a bad value
     */
    record ChangeColumns(
            String changedFilesColumn,
            Field<Boolean> probed,
            Field<String> changedFiles,
            Field<Integer> filesChanged,
            Field<Long> insertions,
            Field<Long> deletions,
            Field<String> summary) {
        static final ChangeColumns OF_TASK = new ChangeColumns(
                "task.delivery_changed_files",
                TASK.DELIVERY_CHANGES_PROBED,
                TASK.DELIVERY_CHANGED_FILES,
                TASK.DELIVERY_FILES_CHANGED,
                TASK.DELIVERY_INSERTIONS,
                TASK.DELIVERY_DELETIONS,
                TASK.DELIVERY_CHANGES_SUMMARY);
        static final ChangeColumns OF_ITERATION = new ChangeColumns(
                "iteration.changed_files",
                ITERATION.CHANGES_PROBED,
                ITERATION.CHANGED_FILES,
                ITERATION.FILES_CHANGED,
                ITERATION.INSERTIONS,
                ITERATION.DELETIONS,
                ITERATION.CHANGES_SUMMARY);

        List<Field<?>> all() {
            return List.of(probed, changedFiles, filesChanged, insertions, deletions, summary);
        }

        void put(Map<Field<?>, Object> row, WorkspaceChanges c) {
            row.put(probed, c.probed());
            row.put(changedFiles, JsonLists.write(c.changedFiles()));
            row.put(filesChanged, c.filesChanged());
            row.put(insertions, c.insertions());
            row.put(deletions, c.deletions());
            row.put(summary, c.summary());
        }

        /** Reads the changes of the row; whether they came from git, the commits and the notes are kept elsewhere. */
        WorkspaceChanges read(ResultSet r, boolean git, List<String> commits, List<String> notes) throws SQLException {
            return new WorkspaceChanges(
                    RowReader.get(r, probed),
                    git,
                    JsonLists.read(RowReader.get(r, changedFiles), changedFilesColumn),
                    RowReader.get(r, filesChanged),
                    RowReader.get(r, insertions),
                    RowReader.get(r, deletions),
                    RowReader.get(r, summary),
                    commits,
                    notes);
        }
    }

    static Map<Field<?>, Object> delivery(Optional<Delivery> delivery) {
        Map<Field<?>, Object> row = new HashMap<>();
        DELIVERY.forEach(f -> row.put(f, null));
        delivery.ifPresent(d -> {
            row.put(TASK.DELIVERY_BRANCH, d.branch());
            row.put(TASK.DELIVERY_BASE_COMMIT, d.baseCommit());
            row.put(TASK.DELIVERY_COMMIT, d.commit().orElse(null));
            row.put(TASK.DELIVERY_WORKTREE, d.worktree().map(Object::toString).orElse(null));
            row.put(TASK.DELIVERY_FAILURE, d.failure().orElse(null));
            ChangeColumns.OF_TASK.put(row, d.changes());
        });
        return row;
    }

    /** The columns of a session's outcome: nothing yet when it is opened, all of it when it is closed. */
    static Map<Field<?>, Object> sessionOutcome(SessionRecord s) {
        var t = SESSION_RECORD;
        Map<Field<?>, Object> row = new HashMap<>();
        row.put(t.STATUS, s.status().name());
        row.put(t.ENDED_AT, s.endedAt().map(RowReader::millis).orElse(null));
        row.put(t.INPUT_TOKENS, s.usage().inputTokens());
        row.put(t.OUTPUT_TOKENS, s.usage().outputTokens());
        row.put(t.CACHE_CREATION_TOKENS, s.usage().cacheCreationInputTokens());
        row.put(t.CACHE_READ_TOKENS, s.usage().cacheReadInputTokens());
        row.put(t.NUM_TURNS, s.numTurns());
        row.put(t.COST_USD, cost(s.costUsd()));
        row.put(t.REPORTED_COST_USD, cost(s.reportedCostUsd()));
        row.put(t.DURATION_MS, s.duration().toMillis());
        row.put(t.ERROR_KIND, s.error().map(e -> e.kind()).orElse(null));
        row.put(t.ERROR_MESSAGE, s.error().map(e -> e.message()).orElse(null));
        row.put(t.PERMISSION_DENIALS, DenialsJson.write(s.permissionDenials()));
        return row;
    }

    static Map<Field<?>, Object> iteration(IterationRecord it) {
        var t = ITERATION;
        Optional<Validation> v = it.validation();
        Optional<QualityScore> q = it.quality();
        Optional<Confidence> c = it.confidence();
        WorkspaceChanges w = it.changes();
        Optional<VerificationResult> r = it.verification();
        Map<Field<?>, Object> row = new HashMap<>();
        row.put(t.TASK_ID, it.taskId().value());
        row.put(t.ITERATION_, it.iteration());
        row.put(t.SESSION_ID, it.sessionId().value());
        row.put(t.ATTEMPTS, it.attempts());
        row.put(t.PROMPT, it.prompt());
        row.put(t.RESPONSE, it.response());
        row.put(t.VALIDATION_PASSED, v.map(Validation::passed).orElse(null));
        row.put(t.VALIDATION_COMPLETE, v.map(Validation::complete).orElse(null));
        row.put(t.VALIDATION_ISSUES, v.map(x -> JsonLists.write(x.issues())).orElse(null));
        row.put(t.QUALITY_SCORE, q.map(QualityScore::score).orElse(null));
        row.put(t.QUALITY_SOURCE, q.map(x -> x.source().name()).orElse(null));
        row.put(t.QUALITY_HEURISTIC_SCORE, q.map(QualityScore::heuristicScore).orElse(null));
        row.put(t.QUALITY_SUMMARY, q.map(QualityScore::summary).orElse(null));
        row.put(t.QUALITY_ISSUES, q.map(x -> JsonLists.write(x.issues())).orElse(null));
        row.put(
                t.QUALITY_FALLBACK_REASON,
                q.flatMap(QualityScore::fallbackReason).orElse(null));
        row.put(t.QUALITY_VERDICT, q.map(x -> x.verdict().name()).orElse(null));
        row.put(t.QUALITY_NOTES, q.map(x -> JsonLists.write(x.notes())).orElse(null));
        row.put(t.JUDGE_CALLS, q.map(x -> x.judge().calls()).orElse(null));
        row.put(t.JUDGE_DURATION_MS, q.map(x -> x.judge().duration().toMillis()).orElse(null));
        row.put(t.JUDGE_PROMPT_TOKENS, q.map(x -> x.judge().promptTokens()).orElse(null));
        row.put(
                t.JUDGE_COMPLETION_TOKENS,
                q.map(x -> x.judge().completionTokens()).orElse(null));
        row.put(t.CONFIDENCE, c.map(Confidence::value).orElse(null));
        row.put(t.CONFIDENCE_AGREEMENT, c.map(Confidence::agreement).orElse(null));
        row.put(t.CONFIDENCE_EVIDENCE, c.map(Confidence::evidence).orElse(null));
        row.put(t.DECISION, it.decision().name());
        row.put(t.DECISION_REASON, it.decision().reason());
        ChangeColumns.OF_ITERATION.put(row, w);
        row.put(t.CHANGES_GIT, w.gitRepository());
        row.put(t.CHANGES_COMMITS, JsonLists.write(w.commits()));
        row.put(t.CHANGES_NOTES, JsonLists.write(w.notes()));
        row.put(t.VERIFICATION_COMMAND, r.map(x -> JsonLists.write(x.command())).orElse(null));
        row.put(t.VERIFICATION_EXIT_CODE, r.map(VerificationResult::exitCode).orElse(null));
        row.put(t.VERIFICATION_TIMED_OUT, r.map(VerificationResult::timedOut).orElse(null));
        row.put(
                t.VERIFICATION_OUTPUT_TAIL,
                r.map(VerificationResult::outputTail).orElse(null));
        row.put(t.VERIFICATION_DURATION_MS, r.map(x -> x.duration().toMillis()).orElse(null));
        row.put(t.CREATED_AT, RowReader.millis(it.createdAt()));
        return row;
    }

    static Map<Field<?>, Object> breakpoint(BreakpointRecord b) {
        var t = BREAKPOINT_EVENT;
        Map<Field<?>, Object> row = new HashMap<>();
        row.put(t.TASK_ID, b.taskId().value());
        row.put(t.ITERATION, b.iteration());
        row.put(t.NAME, b.name());
        row.put(t.DESCRIPTION, b.description());
        // The resolution's name, and the guidance of a Continue (maybe none) or the reason of a Stop.
        Resolution resolution = b.resolution();
        if (resolution instanceof Resolution.Continue) {
            row.put(t.RESOLUTION, "CONTINUE");
            row.put(
                    t.RESOLUTION_DETAIL,
                    ((Resolution.Continue) resolution).guidance().orElse(null));
        } else if (resolution instanceof Resolution.Stop) {
            row.put(t.RESOLUTION, "STOP");
            row.put(t.RESOLUTION_DETAIL, ((Resolution.Stop) resolution).reason());
        } else {
            throw new IllegalStateException("unhandled resolution " + resolution);
        }
        row.put(t.OCCURRED_AT, RowReader.millis(b.occurredAt()));
        row.put(t.RESOLVED_AT, RowReader.millis(b.resolvedAt()));
        return row;
    }
}
