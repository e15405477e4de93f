package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.BREAKPOINT_EVENT;
import static dev.obra.orchestrator.sqlite.schema.Tables.ITERATION;
import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The store's writes. Each is one statement, so each is atomic; a write that breaks a rule (an unknown task, a
 * duplicate id, a session that is not open) fails in the database, and only then does the store look up which rule
 * it was, so that the common path costs one round trip.
 */
final class StoreWrites {
    /** Statuses as literals, so that the partial indexes on running rows apply (a bind value would not match). */
    static final Condition TASK_ALIVE = TASK.STATUS.in(DSL.inline("PENDING"), DSL.inline("RUNNING"));
    static final Condition SESSION_RUNNING = SESSION_RECORD.STATUS.eq(DSL.inline("RUNNING"));

    private final Database db;
    private final String owner;

    StoreWrites(Database db, String owner) {
        this.db = db;
        this.owner = owner;
    }

    void createTask(TaskRecord task) {
        long now = System.currentTimeMillis();
        guarded("cannot create task " + task.id(), () -> db.write(sql -> sql.insertInto(TASK)
                .set(TASK.ID, task.id().value())
                .set(TASK.DESCRIPTION, task.description())
                .set(TASK.WORKING_DIRECTORY, task.workingDirectory().map(Object::toString).orElse(null))
                .set(TASK.STATUS, task.status().name())
                .set(TASK.MAX_ITERATIONS, task.maxIterations())
                .set(TASK.FINAL_DECISION, task.finalDecision().map(d -> d.name()).orElse(null))
                .set(TASK.FINAL_DECISION_REASON, task.finalDecision().map(d -> d.reason()).orElse(null))
                .set(TASK.STATUS_REASON, task.statusReason())
                .set(TASK.OUTPUT, task.output())
                .set(TASK.CREATED_AT, Rows.millis(task.createdAt()))
                .set(TASK.FINISHED_AT, task.finishedAt().map(Rows::millis).orElse(null))
                .set(TASK.OWNER, owner)
                .set(TASK.HEARTBEAT_AT, now)
                .execute()),
                () -> exists(TASK, TASK.ID.eq(task.id().value())) ? Optional.of("task " + task.id() + " already exists")
                        : Optional.empty());
    }

    void finishTask(TaskRecord finished) {
        if (!finished.status().isFinal()) {
            throw new StoreException("task " + finished.id() + " cannot finish as " + finished.status());
        }
        int updated = guarded("cannot finish task " + finished.id(), () -> db.write(sql -> sql.update(TASK)
                .set(TASK.STATUS, finished.status().name())
                .set(TASK.FINAL_DECISION, finished.finalDecision().map(d -> d.name()).orElse(null))
                .set(TASK.FINAL_DECISION_REASON, finished.finalDecision().map(d -> d.reason()).orElse(null))
                .set(TASK.STATUS_REASON, finished.statusReason())
                .set(TASK.OUTPUT, finished.output())
                .set(TASK.FINISHED_AT, Rows.millis(finished.finishedAt().orElseThrow()))
                .where(TASK.ID.eq(finished.id().value())).and(TASK_ALIVE)
                .execute()), Optional::empty);
        if (updated == 0) {
            Optional<String> status = db.read(sql -> sql.select(TASK.STATUS).from(TASK)
                    .where(TASK.ID.eq(finished.id().value())).fetchOptional(TASK.STATUS));
            throw new StoreException(status.isEmpty() ? "task " + finished.id() + " does not exist"
                    : "task " + finished.id() + " already ended " + status.get());
        }
    }

    void openSession(SessionRecord s) {
        if (s.status() != SessionStatus.RUNNING) {
            throw new StoreException("session " + s.sessionId() + " must be opened RUNNING, was " + s.status());
        }
        long now = System.currentTimeMillis();
        var t = SESSION_RECORD;
        guarded("cannot open session " + s.sessionId() + " of task " + s.taskId(), () -> db.write(sql -> sql
                .insertInto(t)
                .set(t.SESSION_ID, s.sessionId().value())
                .set(t.TASK_ID, s.taskId().value())
                .set(t.ITERATION, s.iteration())
                .set(t.ATTEMPT, s.attempt())
                .set(t.MODE, s.mode().name())
                .set(t.PARENT_SESSION_ID, s.parentSessionId().map(p -> p.value()).orElse(null))
                .set(t.STARTED_AT, Rows.millis(s.startedAt()))
                .set(outcome(s))
                .set(t.OWNER, owner)
                .set(t.HEARTBEAT_AT, now)
                .execute()),
                () -> missingTask(s.taskId()).or(() -> exists(SESSION_RECORD, t.SESSION_ID.eq(s.sessionId().value()))
                        ? Optional.of("session " + s.sessionId() + " already exists") : Optional.empty()));
    }

    void closeSession(SessionRecord s) {
        if (s.status() == SessionStatus.RUNNING) {
            throw new StoreException("session " + s.sessionId() + " cannot be closed as RUNNING");
        }
        var t = SESSION_RECORD;
        int updated = guarded("cannot close session " + s.sessionId() + " of task " + s.taskId(), () -> db.write(
                sql -> sql.update(t)
                        .set(outcome(s))
                        .where(t.SESSION_ID.eq(s.sessionId().value())).and(t.TASK_ID.eq(s.taskId().value()))
                        .and(SESSION_RUNNING)
                        .execute()), Optional::empty);
        if (updated == 0) {
            Optional<Record> current = db.read(sql -> sql.select(t.STATUS, t.TASK_ID).from(t)
                    .where(t.SESSION_ID.eq(s.sessionId().value())).fetchOptional().map(r -> (Record) r));
            if (current.isEmpty()) {
                throw new StoreException("session " + s.sessionId() + " does not exist");
            }
            String status = current.get().get(t.STATUS);
            throw new StoreException(!status.equals(SessionStatus.RUNNING.name())
                    ? "session " + s.sessionId() + " is not open, it is " + status
                    : "session " + s.sessionId() + " belongs to task " + current.get().get(t.TASK_ID) + ", not "
                            + s.taskId());
        }
    }

    void recordIteration(IterationRecord it) {
        var t = ITERATION;
        Optional<Validation> v = it.validation();
        Optional<QualityScore> q = it.quality();
        Optional<Confidence> c = it.confidence();
        WorkspaceChanges w = it.changes();
        Optional<VerificationResult> r = it.verification();
        String what = "cannot record iteration " + it.iteration() + " of task " + it.taskId();
        guarded(what, () -> db.write(sql -> sql.insertInto(t)
                .set(t.TASK_ID, it.taskId().value())
                .set(t.ITERATION_, it.iteration())
                .set(t.SESSION_ID, it.sessionId().value())
                .set(t.ATTEMPTS, it.attempts())
                .set(t.PROMPT, it.prompt())
                .set(t.RESPONSE, it.response())
                .set(t.VALIDATION_PASSED, v.map(Validation::passed).orElse(null))
                .set(t.VALIDATION_COMPLETE, v.map(Validation::complete).orElse(null))
                .set(t.VALIDATION_ISSUES, v.map(x -> JsonLists.write(x.issues())).orElse(null))
                .set(t.QUALITY_SCORE, q.map(QualityScore::score).orElse(null))
                .set(t.QUALITY_SOURCE, q.map(x -> x.source().name()).orElse(null))
                .set(t.QUALITY_HEURISTIC_SCORE, q.map(QualityScore::heuristicScore).orElse(null))
                .set(t.QUALITY_SUMMARY, q.map(QualityScore::summary).orElse(null))
                .set(t.QUALITY_ISSUES, q.map(x -> JsonLists.write(x.issues())).orElse(null))
                .set(t.QUALITY_FALLBACK_REASON, q.flatMap(QualityScore::fallbackReason).orElse(null))
                .set(t.JUDGE_CALLS, q.map(x -> x.judge().calls()).orElse(null))
                .set(t.JUDGE_DURATION_MS, q.map(x -> x.judge().duration().toMillis()).orElse(null))
                .set(t.JUDGE_PROMPT_TOKENS, q.map(x -> x.judge().promptTokens()).orElse(null))
                .set(t.JUDGE_COMPLETION_TOKENS, q.map(x -> x.judge().completionTokens()).orElse(null))
                .set(t.CONFIDENCE, c.map(Confidence::value).orElse(null))
                .set(t.CONFIDENCE_AGREEMENT, c.map(Confidence::agreement).orElse(null))
                .set(t.CONFIDENCE_EVIDENCE, c.map(Confidence::evidence).orElse(null))
                .set(t.DECISION, it.decision().name())
                .set(t.DECISION_REASON, it.decision().reason())
                .set(t.CHANGES_PROBED, w.probed())
                .set(t.CHANGES_GIT, w.gitRepository())
                .set(t.CHANGED_FILES, JsonLists.write(w.changedFiles()))
                .set(t.FILES_CHANGED, w.filesChanged())
                .set(t.INSERTIONS, w.insertions())
                .set(t.DELETIONS, w.deletions())
                .set(t.CHANGES_SUMMARY, w.summary())
                .set(t.VERIFICATION_COMMAND, r.map(x -> JsonLists.write(x.command())).orElse(null))
                .set(t.VERIFICATION_EXIT_CODE, r.map(VerificationResult::exitCode).orElse(null))
                .set(t.VERIFICATION_TIMED_OUT, r.map(VerificationResult::timedOut).orElse(null))
                .set(t.VERIFICATION_OUTPUT_TAIL, r.map(VerificationResult::outputTail).orElse(null))
                .set(t.VERIFICATION_DURATION_MS, r.map(x -> x.duration().toMillis()).orElse(null))
                .set(t.CREATED_AT, Rows.millis(it.createdAt()))
                .execute()),
                () -> missingTask(it.taskId())
                        .or(() -> exists(ITERATION, t.TASK_ID.eq(it.taskId().value())
                                .and(t.ITERATION_.eq(it.iteration())))
                                ? Optional.of("iteration " + it.iteration() + " of task " + it.taskId()
                                        + " is already recorded") : Optional.empty())
                        .or(() -> exists(SESSION_RECORD, SESSION_RECORD.SESSION_ID.eq(it.sessionId().value()))
                                ? Optional.empty() : Optional.of("session " + it.sessionId() + " of iteration "
                                        + it.iteration() + " of task " + it.taskId() + " does not exist")));
    }

    void recordBreakpoint(BreakpointRecord b) {
        var t = BREAKPOINT_EVENT;
        guarded("cannot record breakpoint " + b.name() + " of task " + b.taskId(), () -> db.write(sql -> sql
                .insertInto(t)
                .set(t.TASK_ID, b.taskId().value())
                .set(t.ITERATION, b.iteration())
                .set(t.NAME, b.name())
                .set(t.DESCRIPTION, b.description())
                .set(t.RESOLUTION, Rows.resolutionName(b.resolution()))
                .set(t.RESOLUTION_DETAIL, Rows.resolutionDetail(b.resolution()))
                .set(t.OCCURRED_AT, Rows.millis(b.occurredAt()))
                .set(t.RESOLVED_AT, Rows.millis(b.resolvedAt()))
                .execute()),
                () -> missingTask(b.taskId()));
    }

    /** Tells other stores that this one's running tasks and sessions are alive. */
    void heartbeat() {
        long now = System.currentTimeMillis();
        db.write(sql -> sql.update(SESSION_RECORD).set(SESSION_RECORD.HEARTBEAT_AT, now)
                .where(SESSION_RUNNING).and(SESSION_RECORD.OWNER.eq(owner)).execute());
        db.write(sql -> sql.update(TASK).set(TASK.HEARTBEAT_AT, now)
                .where(TASK_ALIVE).and(TASK.OWNER.eq(owner)).execute());
    }

    /**
     * Marks running sessions whose owner stopped heartbeating before {@code cutoff} as ABANDONED, and the running
     * tasks of such owners as FAILED, in one transaction. Looks first without the write lock, since there is
     * usually nothing to do.
     *
     * @return how many sessions were marked
     */
    int recoverAbandoned(long cutoff) {
        var s = SESSION_RECORD;
        Condition staleSession = SESSION_RUNNING.and(s.HEARTBEAT_AT.lt(cutoff)).and(s.OWNER.ne(owner));
        Condition staleTask = TASK_ALIVE.and(TASK.HEARTBEAT_AT.lt(cutoff)).and(TASK.OWNER.ne(owner));
        boolean any = db.read(sql -> sql.fetchExists(sql.selectOne().from(s).where(staleSession))
                || sql.fetchExists(sql.selectOne().from(TASK).where(staleTask)));
        if (!any) {
            return 0;
        }
        long now = System.currentTimeMillis();
        return db.transaction(sql -> {
            Set<String> owners = new HashSet<>();
            Set<String> tasks = new HashSet<>();
            int sessions = 0;
            for (Record r : sql.select(s.SESSION_ID, s.TASK_ID, s.OWNER, s.STARTED_AT, s.HEARTBEAT_AT).from(s)
                    .where(staleSession).fetch()) {
                long lastBeat = r.get(s.HEARTBEAT_AT);
                sessions += sql.update(s)
                        .set(s.STATUS, SessionStatus.ABANDONED.name())
                        .set(s.ENDED_AT, lastBeat)
                        .set(s.DURATION_MS, Math.max(0, lastBeat - r.get(s.STARTED_AT)))
                        .set(s.ERROR_KIND, SessionStatus.ABANDONED.name())
                        .set(s.ERROR_MESSAGE, "the process that ran it (" + r.get(s.OWNER) + ") stopped "
                                + "heartbeating at " + Instant.ofEpochMilli(lastBeat) + ", probably because it "
                                + "crashed; its usage is unknown")
                        .where(s.SESSION_ID.eq(r.get(s.SESSION_ID))).and(SESSION_RUNNING).execute();
                owners.add(r.get(s.OWNER));
                tasks.add(r.get(s.TASK_ID));
            }
            Condition orphaned = TASK_ALIVE.and(TASK.ID.in(tasks)).and(TASK.OWNER.in(owners));
            for (Record r : sql.select(TASK.ID, TASK.OWNER, TASK.HEARTBEAT_AT).from(TASK)
                    .where(staleTask.or(orphaned)).fetch()) {
                sql.update(TASK)
                        .set(TASK.STATUS, TaskStatus.FAILED.name())
                        .set(TASK.FINISHED_AT, now)
                        .set(TASK.STATUS_REASON, "abandoned: the process that ran it (" + r.get(TASK.OWNER)
                                + ") stopped heartbeating at " + Instant.ofEpochMilli(r.get(TASK.HEARTBEAT_AT))
                                + ", probably because it crashed; its running sessions are ABANDONED")
                        .where(TASK.ID.eq(r.get(TASK.ID))).and(TASK_ALIVE).execute();
            }
            return sessions;
        });
    }

    /** The columns a session's outcome sets: when it is opened (nothing yet) and when it is closed. */
    private static Map<Field<?>, Object> outcome(SessionRecord s) {
        var t = SESSION_RECORD;
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(t.STATUS, s.status().name());
        columns.put(t.ENDED_AT, s.endedAt().map(Rows::millis).orElse(null));
        columns.put(t.INPUT_TOKENS, s.usage().inputTokens());
        columns.put(t.OUTPUT_TOKENS, s.usage().outputTokens());
        columns.put(t.CACHE_CREATION_TOKENS, s.usage().cacheCreationInputTokens());
        columns.put(t.CACHE_READ_TOKENS, s.usage().cacheReadInputTokens());
        columns.put(t.NUM_TURNS, s.numTurns());
        columns.put(t.COST_USD, Rows.cost(s.costUsd()));
        columns.put(t.REPORTED_COST_USD, Rows.cost(s.reportedCostUsd()));
        columns.put(t.DURATION_MS, s.duration().toMillis());
        columns.put(t.ERROR_KIND, s.error().map(e -> e.kind()).orElse(null));
        columns.put(t.ERROR_MESSAGE, s.error().map(e -> e.message()).orElse(null));
        return columns;
    }

    private Optional<String> missingTask(TaskId id) {
        return exists(TASK, TASK.ID.eq(id.value())) ? Optional.empty() : Optional.of("task " + id + " does not exist");
    }

    private boolean exists(Table<?> table, Condition condition) {
        return db.read(sql -> sql.fetchExists(sql.selectOne().from(table).where(condition)));
    }

    private <T> T guarded(String what, Supplier<T> write, Supplier<Optional<String>> diagnosis) {
        try {
            return write.get();
        } catch (DataAccessException e) {
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
            throw Failures.of(what, db, e);
        }
    }
}
