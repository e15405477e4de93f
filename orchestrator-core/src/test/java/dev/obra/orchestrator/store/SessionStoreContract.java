package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.bareIteration;
import static dev.obra.orchestrator.store.StoreFixtures.completed;
import static dev.obra.orchestrator.store.StoreFixtures.failed;
import static dev.obra.orchestrator.store.StoreFixtures.fullIteration;
import static dev.obra.orchestrator.store.StoreFixtures.openSession;
import static dev.obra.orchestrator.store.StoreFixtures.resumedSession;
import static dev.obra.orchestrator.store.StoreFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.Delivery;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. Each implementation's test extends this class and says how to
 * make an empty store; durable stores also say how to reopen one, so that every read is checked after a reopen too.
 */
public abstract class SessionStoreContract {

    /** The store under test, new and empty for each test. */
    protected SessionStore store;

    /** Returns a new, empty store. */
    protected abstract SessionStore createStore() throws Exception;

    /**
     * Closes {@code current} and returns a store over the same data. In-memory stores return {@code current}; durable
     * stores reopen, so that the tests prove the data survived.
     */
    protected SessionStore reopen(SessionStore current) throws Exception {
        return current;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        // Null when createStore() failed or skipped the test (a store whose database is absent).
        if (store != null) {
            store.close();
        }
    }

    private void reopen() throws Exception {
        store = reopen(store);
    }

    @Test
    void createdTaskIsFoundAsItWasGiven() throws Exception {
        TaskRecord task = task("Add a --json flag\nto the report command ✓", T0);
        store.createTask(task);
        reopen();
        assertThat(store.findTask(task.id())).contains(task);
        assertThat(task.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
    }

    /**
     * Text with what some database cannot hold: NUL (PostgreSQL refuses it), unpaired surrogates (UTF-8 cannot
     * encode them; drivers turn them into '?' or worse), and a 4-byte character that every store keeps.
     */
    private static final String UNSTORABLE =
            "nul\u0000 high\uD83D low\uDE00 reversed\uDE00\uD83D" + " emoji\uD83D\uDE00 end\uD83D";
    /** What every store gives back for {@link #UNSTORABLE}: each bad character is U+FFFD, the emoji stays. */
    private static final String STORED =
            "nul\uFFFD high\uFFFD low\uFFFD reversed\uFFFD\uFFFD" + " emoji\uD83D\uDE00 end\uFFFD";

    @Test
    void textNoDatabaseCanHoldIsStoredWithVisibleReplacements() throws Exception {
        TaskRecord task = task(UNSTORABLE, T0);
        store.createTask(task);
        SessionRecord open = openSession(task.id(), 1, 1, T0);
        store.openSession(open);
        SessionRecord closed = failed(open, "KIND" + UNSTORABLE, UNSTORABLE);
        store.closeSession(closed);
        IterationRecord iteration = new IterationRecord(
                task.id(),
                1,
                open.sessionId(),
                1,
                UNSTORABLE,
                UNSTORABLE,
                Optional.of(new Validation(false, true, List.of(UNSTORABLE, "clean"))),
                Optional.of(new QualityScore(
                        0.4,
                        QualityScore.Source.HEURISTIC,
                        0.4,
                        UNSTORABLE,
                        List.of("clean", UNSTORABLE),
                        Optional.of(UNSTORABLE),
                        JudgeUsage.NONE,
                        QualityScore.Verdict.NONE,
                        List.of())),
                Optional.of(new Confidence(0.5, 0.5, 0.5)),
                new Decision.Clarify(List.of(UNSTORABLE, UNSTORABLE)),
                new WorkspaceChanges(true, true, List.of(UNSTORABLE), 1, 1, 0, UNSTORABLE, List.of(), List.of()),
                Optional.of(
                        new VerificationResult(List.of("sh", UNSTORABLE), 1, false, UNSTORABLE, Duration.ofMillis(5))),
                T0.plusSeconds(1));
        store.recordIteration(iteration);
        BreakpointRecord stop =
                new BreakpointRecord(task.id(), 1, UNSTORABLE, UNSTORABLE, Resolution.stop(UNSTORABLE), T0, T0);
        BreakpointRecord go =
                new BreakpointRecord(task.id(), 1, "go", "go", Resolution.continueWith(UNSTORABLE), T0, T0);
        store.recordBreakpoint(stop);
        store.recordBreakpoint(go);
        TaskRecord finished = task.finish(
                TaskStatus.FAILED,
                Optional.of(new Decision.Abort(UNSTORABLE)),
                UNSTORABLE,
                UNSTORABLE,
                T0.plusSeconds(2));
        store.finishTask(finished);
        reopen();

        TaskRecord task2 = store.findTask(task.id()).orElseThrow();
        assertThat(List.of(
                        task2.description(),
                        task2.statusReason(),
                        task2.output(),
                        task2.finalDecision().orElseThrow().reason()))
                .containsOnly(STORED);
        assertThat(task2).isEqualTo(finished);
        SessionError error = store.sessions(task.id()).get(0).error().orElseThrow();
        assertThat(error).isEqualTo(new SessionError("KIND" + STORED, STORED));
        assertThat(store.sessions(task.id())).containsExactly(closed);
        IterationRecord back = store.iterations(task.id()).get(0);
        assertThat(List.of(
                        back.prompt(),
                        back.response(),
                        back.validation().orElseThrow().issues().get(0),
                        back.quality().orElseThrow().summary(),
                        back.quality().orElseThrow().issues().get(1),
                        back.quality().orElseThrow().fallbackReason().orElseThrow(),
                        back.changes().changedFiles().get(0),
                        back.changes().summary(),
                        back.verification().orElseThrow().command().get(1),
                        back.verification().orElseThrow().outputTail()))
                .containsOnly(STORED);
        assertThat(back.decision()).isEqualTo(new Decision.Clarify(List.of(STORED, STORED)));
        assertThat(back).isEqualTo(iteration);
        assertThat(store.breakpoints(task.id())).containsExactly(stop, go);
        assertThat(store.breakpoints(task.id()))
                .extracting(BreakpointRecord::resolution)
                .containsExactly(Resolution.stop(STORED), Resolution.continueWith(STORED));
        assertThat(List.of(stop.name(), stop.description())).containsOnly(STORED);
    }

    @Test
    void unknownTaskIsNotFound() {
        assertThat(store.findTask(TaskId.random())).isEmpty();
        assertThat(store.sessions(TaskId.random())).isEmpty();
        assertThat(store.iterations(TaskId.random())).isEmpty();
        assertThat(store.breakpoints(TaskId.random())).isEmpty();
        assertThat(store.taskMetrics(TaskId.random())).isEqualTo(TaskMetrics.ZERO);
    }

    @Test
    void creatingATaskTwiceFails() {
        TaskRecord task = task("twice", T0);
        store.createTask(task);
        assertThatThrownBy(() -> store.createTask(task))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(task.id().value());
    }

    @Test
    void finishedTaskKeepsStatusDecisionReasonAndOutput() throws Exception {
        TaskRecord task = task("finish me", T0);
        store.createTask(task);
        TaskRecord finished = task.finish(
                TaskStatus.COMPLETED,
                Optional.of(new Decision.Proceed("quality 0.9")),
                "quality 0.9",
                "Done: 2 files changed",
                T0.plusSeconds(90));
        store.finishTask(finished);
        reopen();
        assertThat(store.findTask(task.id())).contains(finished);
    }

    @Test
    void everyDecisionKindSurvivesARoundTrip() throws Exception {
        List<Decision> decisions = List.of(
                new Decision.Proceed("ok"),
                new Decision.Retry("The verification failed:\nexpected 1\nbut was 2"),
                new Decision.Clarify(List.of("add a test", "update the README")),
                new Decision.Clarify(List.of()),
                new Decision.Escalate("quality stayed low"),
                new Decision.Abort("401"));
        List<TaskRecord> finished = new ArrayList<>();
        for (Decision decision : decisions) {
            TaskRecord task = task("decision " + decision.name(), T0);
            store.createTask(task);
            TaskRecord done =
                    task.finish(TaskStatus.FAILED, Optional.of(decision), decision.reason(), "", T0.plusSeconds(1));
            store.finishTask(done);
            finished.add(done);
        }
        reopen();
        for (TaskRecord done : finished) {
            assertThat(store.findTask(done.id())).contains(done);
        }
    }

    @Test
    void finishingAnUnknownOrFinishedTaskFails() {
        TaskRecord unknown = task("unknown", T0);
        assertThatThrownBy(() -> store.finishTask(unknown.finish(TaskStatus.FAILED, Optional.empty(), "x", "", T0)))
                .isInstanceOf(StoreException.class);
        TaskRecord task = task("finish twice", T0);
        store.createTask(task);
        store.finishTask(task.finish(TaskStatus.CANCELLED, Optional.empty(), "cancelled", "", T0.plusSeconds(1)));
        assertThatThrownBy(() -> store.finishTask(
                        task.finish(TaskStatus.COMPLETED, Optional.empty(), "late", "", T0.plusSeconds(2))))
                .isInstanceOf(StoreException.class);
        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void openedSessionIsRecordedRunning() throws Exception {
        TaskRecord task = task("sessions", T0);
        store.createTask(task);
        SessionRecord open = openSession(task.id(), 1, 1, T0.plusSeconds(1));
        store.openSession(open);
        reopen();
        assertThat(store.sessions(task.id())).containsExactly(open);
        assertThat(open.status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void closedSessionKeepsOutcomeUsageCostAndError() throws Exception {
        TaskRecord task = task("close", T0);
        store.createTask(task);
        SessionRecord first = openSession(task.id(), 1, 1, T0.plusSeconds(1));
        SessionRecord resumed = resumedSession(task.id(), 2, first.sessionId(), T0.plusSeconds(30));
        store.openSession(first);
        SessionRecord firstClosed = completed(first, new Usage(2468, 112, 400, 600), 2, "0.014232", 18_342);
        store.closeSession(firstClosed);
        store.openSession(resumed);
        SessionRecord resumedClosed = resumed.close(
                SessionStatus.TIMED_OUT,
                resumed.startedAt().plusSeconds(5),
                new Usage(10, 0, 0, 0),
                1,
                new BigDecimal("0.014232"),
                new BigDecimal("0.028464"),
                Duration.ofMillis(5_000),
                Optional.of(new SessionError("TIMEOUT", "idle for 5 s")));
        store.closeSession(resumedClosed);
        reopen();
        assertThat(store.sessions(task.id())).containsExactly(firstClosed, resumedClosed);
    }

    @Test
    void aClosedSessionKeepsThePermissionDenialsInOrder() throws Exception {
        TaskRecord task = task("denials", T0);
        store.createTask(task);
        SessionRecord refused = openSession(task.id(), 1, 1, T0.plusSeconds(1));
        SessionRecord clean = openSession(task.id(), 1, 2, T0.plusSeconds(2));
        store.openSession(refused);
        store.openSession(clean);
        List<PermissionDenial> denials = List.of(
                new PermissionDenial("Bash", "toolu_1", "{\"command\":\"mvn -q test\"}", "Bash(mvn -q test)"),
                new PermissionDenial("Bash", "toolu_2", "{\"command\":\"mvn -q test\"}", "Bash(mvn -q test)"),
                new PermissionDenial("WebFetch", "", "{\"url\":\"https://example.com/ü\"}", "WebFetch"));
        SessionRecord refusedClosed =
                completed(refused, new Usage(1, 1, 0, 0), 3, "0.01", 100).withPermissionDenials(denials);
        SessionRecord cleanClosed = completed(clean, new Usage(1, 1, 0, 0), 1, "0.01", 100);
        store.closeSession(refusedClosed);
        store.closeSession(cleanClosed);
        reopen();
        assertThat(store.sessions(task.id())).containsExactly(refusedClosed, cleanClosed);
        assertThat(store.sessions(task.id()).get(0).permissionDenials()).isEqualTo(denials);
        assertThat(store.sessions(task.id()).get(1).permissionDenials()).isEmpty();
    }

    @Test
    void sessionOfAnUnknownTaskIsRefused() {
        assertThatThrownBy(() -> store.openSession(openSession(TaskId.random(), 1, 1, T0)))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void sessionIdsAreUnique() {
        TaskRecord task = task("unique", T0);
        store.createTask(task);
        SessionRecord open = openSession(task.id(), 1, 1, T0);
        store.openSession(open);
        assertThatThrownBy(() -> store.openSession(open))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(open.sessionId().value());
        assertThat(store.sessions(task.id())).hasSize(1);
    }

    @Test
    void onlyAnOpenSessionCanBeClosed() {
        TaskRecord task = task("close rules", T0);
        store.createTask(task);
        SessionRecord open = openSession(task.id(), 1, 1, T0);
        assertThatThrownBy(() -> store.closeSession(completed(open, Usage.ZERO, 1, "0", 10)))
                .as("a session that was never opened")
                .isInstanceOf(StoreException.class);
        store.openSession(open);
        assertThatThrownBy(() -> store.closeSession(open))
                .as("closing as RUNNING")
                .isInstanceOf(StoreException.class);
        SessionRecord closed = completed(open, new Usage(1, 2, 3, 4), 1, "0.5", 10);
        store.closeSession(closed);
        assertThatThrownBy(() -> store.closeSession(failed(open, "PROCESS_FAILED", "late")))
                .as("closing twice")
                .isInstanceOf(StoreException.class);
        assertThat(store.sessions(task.id())).containsExactly(closed);
    }

    @Test
    void iterationKeepsEveryPartOfItsEvidence() throws Exception {
        TaskRecord task = task("iterations", T0);
        store.createTask(task);
        SessionRecord s1 = openSession(task.id(), 1, 1, T0);
        SessionRecord s2 = openSession(task.id(), 2, 1, T0.plusSeconds(60));
        store.openSession(s1);
        store.openSession(s2);
        IterationRecord first = fullIteration(
                task.id(), 1, s1.sessionId(), new Decision.Clarify(List.of("add a test", "update the README")));
        IterationRecord second = bareIteration(task.id(), 2, s2.sessionId());
        store.recordIteration(first);
        store.recordIteration(second);
        reopen();
        assertThat(store.iterations(task.id())).containsExactly(first, second);
    }

    @Test
    void heuristicQualityKeepsItsFallbackReason() throws Exception {
        TaskRecord task = task("heuristic", T0);
        store.createTask(task);
        SessionRecord s1 = openSession(task.id(), 1, 1, T0);
        store.openSession(s1);
        IterationRecord full = fullIteration(task.id(), 1, s1.sessionId(), new Decision.Retry("nothing changed"));
        IterationRecord heuristic = new IterationRecord(
                full.taskId(),
                1,
                full.sessionId(),
                1,
                full.prompt(),
                full.response(),
                full.validation(),
                Optional.of(StoreFixtures.heuristicQuality()),
                full.confidence(),
                full.decision(),
                new WorkspaceChanges(true, false, List.of(), 0, 0, 0, "no files changed", List.of(), List.of()),
                Optional.empty(),
                full.createdAt());
        store.recordIteration(heuristic);
        reopen();
        assertThat(store.iterations(task.id())).containsExactly(heuristic);
    }

    @Test
    void anIterationIsRecordedOnce() {
        TaskRecord task = task("once", T0);
        store.createTask(task);
        SessionRecord s1 = openSession(task.id(), 1, 1, T0);
        store.openSession(s1);
        store.recordIteration(bareIteration(task.id(), 1, s1.sessionId()));
        assertThatThrownBy(() -> store.recordIteration(bareIteration(task.id(), 1, s1.sessionId())))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.recordIteration(bareIteration(TaskId.random(), 1, s1.sessionId())))
                .as("an unknown task")
                .isInstanceOf(StoreException.class);
        assertThat(store.iterations(task.id())).hasSize(1);
    }

    @Test
    void breakpointsKeepTheirResolution() throws Exception {
        TaskRecord task = task("breakpoints", T0);
        store.createTask(task);
        List<BreakpointRecord> records = List.of(
                new BreakpointRecord(
                        task.id(),
                        1,
                        "costAbove",
                        "cost above $1.00",
                        Resolution.continueWith("focus on the parser\nand skip the docs"),
                        T0,
                        T0.plusSeconds(5)),
                new BreakpointRecord(
                        task.id(),
                        2,
                        "qualityBelow",
                        "quality below 0.5",
                        Resolution.proceed(),
                        T0.plusSeconds(10),
                        T0.plusSeconds(10)),
                new BreakpointRecord(
                        task.id(),
                        3,
                        "consecutiveFailures",
                        "3 consecutive failures",
                        Resolution.stop("a human takes over"),
                        T0.plusSeconds(20),
                        T0.plusSeconds(21)));
        records.forEach(store::recordBreakpoint);
        reopen();
        assertThat(store.breakpoints(task.id())).containsExactlyElementsOf(records);
    }

    @Test
    void taskMetricsAreTheSumOfTheSessionUsages() throws Exception {
        TaskRecord task = task("metrics", T0);
        TaskRecord other = task("other task", T0);
        store.createTask(task);
        store.createTask(other);
        List<SessionRecord> closed = new ArrayList<>();
        SessionRecord a = openSession(task.id(), 1, 1, T0);
        store.openSession(a);
        closed.add(failed(a, "API_ERROR", "529 overloaded"));
        store.closeSession(closed.get(0));
        SessionRecord b = openSession(task.id(), 1, 2, T0.plusSeconds(2));
        store.openSession(b);
        closed.add(completed(b, new Usage(1234, 56, 200, 300), 2, "0.007116", 1_500));
        store.closeSession(closed.get(1));
        SessionRecord c = resumedSession(task.id(), 2, b.sessionId(), T0.plusSeconds(10));
        store.openSession(c);
        closed.add(completed(c, new Usage(2468, 112, 400, 600), 3, "0.1", 2_250));
        store.closeSession(closed.get(2));
        SessionRecord d = openSession(task.id(), 3, 1, T0.plusSeconds(20));
        store.openSession(d);
        closed.add(completed(d, new Usage(1, 2, 3, 4), 1, "0.2", 1));
        store.closeSession(closed.get(3));
        SessionRecord noise = openSession(other.id(), 1, 1, T0);
        store.openSession(noise);
        store.closeSession(completed(noise, new Usage(1_000_000, 1, 1, 1), 9, "99", 9));
        reopen();

        TaskMetrics metrics = store.taskMetrics(task.id());
        assertThat(metrics).isEqualTo(TaskMetrics.of(closed));
        assertThat(metrics.iterations()).isEqualTo(3);
        assertThat(metrics.sessions()).isEqualTo(4);
        assertThat(metrics.inputTokens()).isEqualTo(1234 + 2468 + 1);
        assertThat(metrics.outputTokens()).isEqualTo(56 + 112 + 2);
        assertThat(metrics.cacheCreationTokens()).isEqualTo(200 + 400 + 3);
        assertThat(metrics.cacheReadTokens()).isEqualTo(300 + 600 + 4);
        assertThat(metrics.turns()).isEqualTo(1 + 2 + 3 + 1);
        assertThat(metrics.costUsd()).isEqualByComparingTo("0.307116");
        assertThat(metrics.agentTime()).isEqualTo(Duration.ofMillis(250 + 1_500 + 2_250 + 1));
        assertThat(metrics.avgTokensPerIteration()).isEqualTo(metrics.totalTokens() / 3.0);
    }

    @Test
    void costsAddUpExactly() throws Exception {
        TaskRecord task = task("decimal", T0);
        store.createTask(task);
        for (int i = 1; i <= 10; i++) {
            SessionRecord s = openSession(task.id(), i, 1, T0.plusSeconds(i));
            store.openSession(s);
            store.closeSession(completed(s, Usage.ZERO, 1, "0.1", 1));
        }
        reopen();
        assertThat(store.taskMetrics(task.id()).costUsd()).isEqualTo(BigDecimal.ONE);
    }

    @Test
    void runningSessionsCountButAddNoUsage() {
        TaskRecord task = task("running", T0);
        store.createTask(task);
        store.openSession(openSession(task.id(), 1, 1, T0));
        TaskMetrics metrics = store.taskMetrics(task.id());
        assertThat(metrics.sessions()).isEqualTo(1);
        assertThat(metrics.iterations()).isEqualTo(1);
        assertThat(metrics.totalTokens()).isZero();
    }

    @Test
    void tasksAreListedNewestFirstAndFiltered() throws Exception {
        TaskRecord old = task("old", T0);
        TaskRecord middle = task("middle", T0.plusSeconds(3600));
        TaskRecord fresh = task("fresh", T0.plusSeconds(7200));
        store.createTask(old);
        store.createTask(middle);
        store.createTask(fresh);
        store.finishTask(middle.finish(
                TaskStatus.COMPLETED, Optional.of(new Decision.Proceed("ok")), "ok", "out", T0.plusSeconds(3700)));
        SessionRecord s = openSession(fresh.id(), 1, 1, T0.plusSeconds(7201));
        store.openSession(s);
        SessionRecord closed = completed(s, new Usage(10, 20, 30, 40), 2, "0.25", 100);
        store.closeSession(closed);
        reopen();

        List<TaskSummary> all = store.listTasks(TaskQuery.all());
        assertThat(all).extracting(t -> t.task().description()).containsExactly("fresh", "middle", "old");
        assertThat(all.get(0).metrics()).isEqualTo(TaskMetrics.of(List.of(closed)));
        assertThat(store.listTasks(TaskQuery.all().withStatus(TaskStatus.COMPLETED)))
                .extracting(t -> t.task().id())
                .containsExactly(middle.id());
        assertThat(store.listTasks(TaskQuery.all().since(middle.createdAt())))
                .extracting(t -> t.task().description())
                .containsExactly("fresh", "middle");
        assertThat(store.listTasks(TaskQuery.all().until(middle.createdAt())))
                .extracting(t -> t.task().description())
                .containsExactly("old");
        assertThat(store.listTasks(TaskQuery.all().withLimit(2)))
                .extracting(t -> t.task().description())
                .containsExactly("fresh", "middle");
        assertThat(store.listTasks(
                        TaskQuery.all().withStatus(TaskStatus.RUNNING).since(T0.plusSeconds(1))))
                .extracting(t -> t.task().description())
                .containsExactly("fresh");
    }

    @Test
    void longAndUnusualTextSurvives() throws Exception {
        String prompt = "ünïcødé ✓ 🚀 \"quotes\" 'single' \\backslash\\ \t tab\n".repeat(2_000);
        TaskRecord task = task(prompt, T0);
        store.createTask(task);
        SessionRecord s = openSession(task.id(), 1, 1, T0);
        store.openSession(s);
        IterationRecord full = fullIteration(task.id(), 1, s.sessionId(), new Decision.Proceed(prompt));
        IterationRecord iteration = new IterationRecord(
                task.id(),
                1,
                s.sessionId(),
                1,
                prompt,
                prompt,
                full.validation(),
                full.quality(),
                full.confidence(),
                full.decision(),
                full.changes(),
                full.verification(),
                full.createdAt());
        store.recordIteration(iteration);
        reopen();
        assertThat(store.findTask(task.id())).contains(task);
        assertThat(store.iterations(task.id())).containsExactly(iteration);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int threads = 8;
        int sessionsPerThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<TaskId>> work = IntStream.range(0, threads)
                    .<Callable<TaskId>>mapToObj(t -> () -> {
                        TaskRecord task = task("concurrent " + t, T0.plusSeconds(t));
                        store.createTask(task);
                        for (int i = 1; i <= sessionsPerThread; i++) {
                            SessionRecord s = openSession(task.id(), i, 1, T0.plusSeconds(i));
                            store.openSession(s);
                            store.closeSession(completed(s, new Usage(i, 1, 0, 0), 1, "0.001", 1));
                            store.recordIteration(bareIteration(task.id(), i, s.sessionId()));
                        }
                        store.finishTask(store.findTask(task.id())
                                .orElseThrow()
                                .finish(TaskStatus.COMPLETED, Optional.empty(), "done", "", T0.plusSeconds(999)));
                        return task.id();
                    })
                    .collect(Collectors.toList());
            List<TaskId> ids = new ArrayList<>();
            for (Future<TaskId> f : pool.invokeAll(work)) {
                ids.add(f.get());
            }
            reopen();
            long expectedInput = (long) sessionsPerThread * (sessionsPerThread + 1) / 2;
            for (TaskId id : ids) {
                TaskMetrics metrics = store.taskMetrics(id);
                assertThat(metrics.sessions()).isEqualTo(sessionsPerThread);
                assertThat(metrics.iterations()).isEqualTo(sessionsPerThread);
                assertThat(metrics.inputTokens()).isEqualTo(expectedInput);
                assertThat(metrics.costUsd()).isEqualByComparingTo("0.04");
                assertThat(store.iterations(id)).hasSize(sessionsPerThread);
                assertThat(store.findTask(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
            }
            assertThat(store.listTasks(TaskQuery.all())).hasSize(threads);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNewStoreRecoversNothingWhenNothingWasAbandoned() {
        TaskRecord task = task("alive", T0);
        store.createTask(task);
        SessionRecord open = openSession(task.id(), 1, 1, T0);
        store.openSession(open);
        assertThat(store.recoverAbandonedSessions()).isZero();
        assertThat(store.sessions(task.id())).containsExactly(open);
        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    }

    // Deliveries

    private static final String BASE = "0123456789abcdef0123456789abcdef01234567";
    private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    private static Delivery pending(String branch) {
        return Delivery.started(
                branch, BASE, Path.of("/work/repo.obra-worktrees").resolve(branch));
    }

    private static Delivery delivered(String branch) {
        return new Delivery(
                "obra/" + branch,
                BASE,
                Optional.of(COMMIT),
                new WorkspaceChanges(
                        true,
                        true,
                        List.of("a.txt", "dir/b.txt"),
                        2,
                        7,
                        3,
                        "2 files changed (+7 -3): a.txt, dir/b.txt",
                        List.of(),
                        List.of()),
                Optional.empty(),
                Optional.of("could not remove the worktree: busy"));
    }

    @Test
    void aTaskKeepsItsPendingDeliveryWhileItRunsAndItsDeliveryOnceItEnds() throws Exception {
        TaskRecord running = task("in a worktree", T0).withDelivery(Optional.of(pending("obra/abc-in-a-worktree")));
        store.createTask(running);
        store = reopen(store);
        assertThat(store.findTask(running.id()).orElseThrow().delivery()).contains(pending("obra/abc-in-a-worktree"));

        TaskRecord ended = running.finish(TaskStatus.COMPLETED, Optional.empty(), "done", "out", T0.plusSeconds(5))
                .withDelivery(Optional.of(delivered("abc")));
        store.finishTask(ended);
        store = reopen(store);

        assertThat(store.findTask(running.id()).orElseThrow()).isEqualTo(ended);
        assertThat(store.listTasks(TaskQuery.all()).get(0).task().delivery()).contains(delivered("abc"));
        assertThat(store.pendingDeliveries()).isEmpty();
    }

    @Test
    void onlyEndedTasksWithAPendingDeliveryAreListedAndRecordingADeliverySettlesThem() throws Exception {
        TaskRecord abandoned = task("abandoned", T0).withDelivery(Optional.of(pending("obra/one")));
        TaskRecord running = task("running", T0.plusSeconds(1)).withDelivery(Optional.of(pending("obra/two")));
        TaskRecord inPlace = task("in place", T0.plusSeconds(2));
        store.createTask(abandoned);
        store.createTask(running);
        store.createTask(inPlace);
        // The store's recovery ends an abandoned task without its delivery, as finishing with the record read does.
        store.finishTask(store.findTask(abandoned.id())
                .orElseThrow()
                .finish(TaskStatus.FAILED, Optional.empty(), "abandoned", "", T0.plusSeconds(3)));
        store.finishTask(inPlace.finish(TaskStatus.COMPLETED, Optional.empty(), "ok", "", T0.plusSeconds(3)));
        store = reopen(store);

        assertThat(store.pendingDeliveries()).extracting(TaskRecord::id).containsExactly(abandoned.id());

        store.recordDelivery(abandoned.id(), delivered("one"));
        store = reopen(store);
        assertThat(store.pendingDeliveries()).isEmpty();
        TaskRecord settled = store.findTask(abandoned.id()).orElseThrow();
        assertThat(settled.delivery()).contains(delivered("one"));
        assertThat(settled.status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void recordingTheDeliveryOfAnUnknownTaskFails() {
        assertThatThrownBy(() -> store.recordDelivery(TaskId.of("nope"), delivered("x")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void aTaskInPlaceHasNoDelivery() throws Exception {
        TaskRecord t = task("in place", T0);
        store.createTask(t);
        store = reopen(store);
        assertThat(store.findTask(t.id()).orElseThrow().delivery()).isEmpty();
    }
}
