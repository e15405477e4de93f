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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Record;

/** Turns rows into the core's records. Values are mapped one to one; the records' constructors check them. */
final class Rows {
    /** Costs are kept to this many decimal places (10^-20 USD), the scale of the DECIMAL columns. */
    static final int COST_SCALE = 20;

    private Rows() {
    }

    /** Returns a cost as stored: rounded to {@link #COST_SCALE} places only when it has more. */
    static BigDecimal cost(BigDecimal usd) {
        return usd.scale() > COST_SCALE ? usd.setScale(COST_SCALE, RoundingMode.HALF_EVEN) : usd;
    }

    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    static TaskRecord task(Record r) {
        return new TaskRecord(TaskId.of(r.get(TASK.ID)), r.get(TASK.DESCRIPTION),
                Optional.ofNullable(r.get(TASK.WORKING_DIRECTORY)).map(Path::of),
                TaskStatus.valueOf(r.get(TASK.STATUS)), r.get(TASK.MAX_ITERATIONS),
                decision(r.get(TASK.FINAL_DECISION), r.get(TASK.FINAL_DECISION_REASON)),
                r.get(TASK.STATUS_REASON), r.get(TASK.OUTPUT), Instant.ofEpochMilli(r.get(TASK.CREATED_AT)),
                Optional.ofNullable(r.get(TASK.FINISHED_AT)).map(Instant::ofEpochMilli));
    }

    static SessionRecord session(Record r) {
        var s = SESSION_RECORD;
        Optional<SessionError> error = Optional.ofNullable(r.get(s.ERROR_KIND))
                .map(kind -> new SessionError(kind, Optional.ofNullable(r.get(s.ERROR_MESSAGE)).orElse("")));
        return new SessionRecord(SessionId.of(r.get(s.SESSION_ID)), TaskId.of(r.get(s.TASK_ID)),
                r.get(s.ITERATION), r.get(s.ATTEMPT), SessionRecord.Mode.valueOf(r.get(s.MODE)),
                Optional.ofNullable(r.get(s.PARENT_SESSION_ID)).map(SessionId::of),
                SessionStatus.valueOf(r.get(s.STATUS)), Instant.ofEpochMilli(r.get(s.STARTED_AT)),
                Optional.ofNullable(r.get(s.ENDED_AT)).map(Instant::ofEpochMilli),
                new Usage(r.get(s.INPUT_TOKENS), r.get(s.OUTPUT_TOKENS), r.get(s.CACHE_CREATION_TOKENS),
                        r.get(s.CACHE_READ_TOKENS)),
                r.get(s.NUM_TURNS), r.get(s.COST_USD), r.get(s.REPORTED_COST_USD),
                Duration.ofMillis(r.get(s.DURATION_MS)), error);
    }

    static IterationRecord iteration(Record r) {
        var i = ITERATION;
        Optional<Validation> validation = r.get(i.VALIDATION_PASSED) == null ? Optional.empty()
                : Optional.of(new Validation(r.get(i.VALIDATION_PASSED), r.get(i.VALIDATION_COMPLETE),
                        JsonLists.read(r.get(i.VALIDATION_ISSUES), "iteration.validation_issues")));
        Optional<QualityScore> quality = r.get(i.QUALITY_SCORE) == null ? Optional.empty()
                : Optional.of(new QualityScore(r.get(i.QUALITY_SCORE),
                        QualityScore.Source.valueOf(r.get(i.QUALITY_SOURCE)), r.get(i.QUALITY_HEURISTIC_SCORE),
                        r.get(i.QUALITY_SUMMARY), JsonLists.read(r.get(i.QUALITY_ISSUES), "iteration.quality_issues"),
                        Optional.ofNullable(r.get(i.QUALITY_FALLBACK_REASON)),
                        new JudgeUsage(r.get(i.JUDGE_CALLS), Duration.ofMillis(r.get(i.JUDGE_DURATION_MS)),
                                r.get(i.JUDGE_PROMPT_TOKENS), r.get(i.JUDGE_COMPLETION_TOKENS))));
        Optional<Confidence> confidence = r.get(i.CONFIDENCE) == null ? Optional.empty()
                : Optional.of(new Confidence(r.get(i.CONFIDENCE), r.get(i.CONFIDENCE_AGREEMENT),
                        r.get(i.CONFIDENCE_EVIDENCE)));
        WorkspaceChanges changes = new WorkspaceChanges(r.get(i.CHANGES_PROBED), r.get(i.CHANGES_GIT),
                JsonLists.read(r.get(i.CHANGED_FILES), "iteration.changed_files"), r.get(i.FILES_CHANGED),
                r.get(i.INSERTIONS), r.get(i.DELETIONS), r.get(i.CHANGES_SUMMARY));
        Optional<VerificationResult> verification = r.get(i.VERIFICATION_COMMAND) == null ? Optional.empty()
                : Optional.of(new VerificationResult(
                        JsonLists.read(r.get(i.VERIFICATION_COMMAND), "iteration.verification_command"),
                        r.get(i.VERIFICATION_EXIT_CODE), r.get(i.VERIFICATION_TIMED_OUT),
                        r.get(i.VERIFICATION_OUTPUT_TAIL), Duration.ofMillis(r.get(i.VERIFICATION_DURATION_MS))));
        return new IterationRecord(TaskId.of(r.get(i.TASK_ID)), r.get(i.ITERATION_), SessionId.of(r.get(i.SESSION_ID)),
                r.get(i.ATTEMPTS), r.get(i.PROMPT), r.get(i.RESPONSE), validation, quality, confidence,
                Decision.of(r.get(i.DECISION), r.get(i.DECISION_REASON)), changes, verification,
                Instant.ofEpochMilli(r.get(i.CREATED_AT)));
    }

    static BreakpointRecord breakpoint(Record r) {
        var b = BREAKPOINT_EVENT;
        String detail = r.get(b.RESOLUTION_DETAIL);
        Resolution resolution;
        switch (r.get(b.RESOLUTION)) {
            case "CONTINUE":
                resolution = new Resolution.Continue(Optional.ofNullable(detail));
                break;
            case "STOP":
                resolution = new Resolution.Stop(detail == null ? "" : detail);
                break;
            default:
                throw new IllegalArgumentException("unknown resolution '" + r.get(b.RESOLUTION) + "'");
        }
        return new BreakpointRecord(TaskId.of(r.get(b.TASK_ID)), r.get(b.ITERATION), r.get(b.NAME),
                r.get(b.DESCRIPTION), resolution, Instant.ofEpochMilli(r.get(b.OCCURRED_AT)),
                Instant.ofEpochMilli(r.get(b.RESOLVED_AT)));
    }

    /** Returns the resolution's name as stored. */
    static String resolutionName(Resolution resolution) {
        if (resolution instanceof Resolution.Continue) {
            return "CONTINUE";
        }
        if (resolution instanceof Resolution.Stop) {
            return "STOP";
        }
        throw new IllegalStateException("unhandled resolution " + resolution);
    }

    /** Returns the guidance of a Continue (maybe none) or the reason of a Stop. */
    static String resolutionDetail(Resolution resolution) {
        if (resolution instanceof Resolution.Continue) {
            return ((Resolution.Continue) resolution).guidance().orElse(null);
        }
        if (resolution instanceof Resolution.Stop) {
            return ((Resolution.Stop) resolution).reason();
        }
        throw new IllegalStateException("unhandled resolution " + resolution);
    }

    private static Optional<Decision> decision(String name, String reason) {
        return name == null ? Optional.empty() : Optional.of(Decision.of(name, reason == null ? "" : reason));
    }
}
