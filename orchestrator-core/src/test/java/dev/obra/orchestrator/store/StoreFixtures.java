package dev.obra.orchestrator.store;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Records for store tests, with every field set to a distinctive value. */
public final class StoreFixtures {
    /** A fixed instant with sub-millisecond digits, which records truncate. */
    public static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456789Z");

    private StoreFixtures() {}

    public static TaskRecord task(String description, Instant createdAt) {
        return TaskRecord.running(
                TaskId.random(), description, Optional.of(Path.of("/tmp/work space/ü")), 5, createdAt);
    }

    public static SessionRecord openSession(TaskId task, int iteration, int attempt, Instant at) {
        return SessionRecord.open(task, iteration, attempt, new SessionMode.New(SessionId.random()), at);
    }

    public static SessionRecord resumedSession(TaskId task, int iteration, SessionId previous, Instant at) {
        return SessionRecord.open(
                task,
                iteration,
                1,
                new SessionMode.Resume(previous, SessionId.random(), new BigDecimal("0.014232")),
                at);
    }

    /** Closes {@code open} as completed with the given tokens and cost. */
    public static SessionRecord completed(SessionRecord open, Usage usage, int turns, String cost, long millis) {
        return open.close(
                SessionStatus.COMPLETED,
                open.startedAt().plusMillis(millis),
                usage,
                turns,
                new BigDecimal(cost),
                new BigDecimal(cost),
                Duration.ofMillis(millis),
                Optional.empty());
    }

    public static SessionRecord failed(SessionRecord open, String kind, String message) {
        return open.close(
                SessionStatus.FAILED,
                open.startedAt().plusMillis(250),
                Usage.ZERO,
                1,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                Duration.ofMillis(250),
                Optional.of(new SessionError(kind, message)));
    }

    /** An iteration with every optional part present. */
    public static IterationRecord fullIteration(TaskId task, int iteration, SessionId session, Decision decision) {
        Validation validation = new Validation(false, true, List.of("the agent asked questions", "línea dos ✓"));
        QualityScore quality = new QualityScore(
                0.625,
                QualityScore.Source.COMBINED,
                0.55,
                "FAIL: tests missing",
                List.of("no test for --json", "README not updated"),
                Optional.empty(),
                new JudgeUsage(2, Duration.ofMillis(1834), 912, 77),
                QualityScore.Verdict.FAIL,
                List.of("the judge saw only part of the change (shown in part: src/Report.java)"));
        Confidence confidence = new Confidence(0.6125, 0.925, 0.3);
        WorkspaceChanges changes = new WorkspaceChanges(
                true,
                true,
                List.of("README.md", "src/Report.java"),
                3,
                42,
                7,
                "3 files changed (+42 -7): README.md, src/Report.java, and 1 more; 1 commit by the agent",
                List.of("1a2b3c4 Add the --json report"),
                List.of("HEAD moved from 1a2b3c4 to 5d6e7f8"));
        VerificationResult verification = new VerificationResult(
                List.of("mvn", "-q", "test", "-Dx=a b"),
                1,
                false,
                "[ERROR] Tests run: 4, Failures: 1\nexpected:<1> but was:<2>\n",
                Duration.ofMillis(12_345));
        return new IterationRecord(
                task,
                iteration,
                session,
                2,
                "Do the thing\nwith two lines",
                "I did it.",
                Optional.of(validation),
                Optional.of(quality),
                Optional.of(confidence),
                decision,
                changes,
                Optional.of(verification),
                T0.plusSeconds(60L * iteration));
    }

    /** An iteration whose agent produced no successful result: nothing was evaluated. */
    public static IterationRecord bareIteration(TaskId task, int iteration, SessionId session) {
        return new IterationRecord(
                task,
                iteration,
                session,
                1,
                "prompt",
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Decision.Abort("authentication or configuration error: 401"),
                WorkspaceChanges.notProbed(),
                Optional.empty(),
                T0.plusSeconds(60L * iteration));
    }

    /** A heuristic quality score, which carries a fallback reason. */
    public static QualityScore heuristicQuality() {
        return new QualityScore(
                0.45,
                QualityScore.Source.HEURISTIC,
                0.45,
                "nothing changed",
                List.of("nothing changed in the working directory"),
                Optional.of("the LLM judge failed: connection refused"),
                JudgeUsage.NONE,
                QualityScore.Verdict.NONE,
                List.of());
    }
}
