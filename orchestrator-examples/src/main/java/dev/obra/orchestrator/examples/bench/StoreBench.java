package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.TaskRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * JooqSessionStore on one database against {@link RawJdbcStore} on the same database: the bookkeeping of one
 * iteration (open a session, close it, record the iteration: three transactions) and {@code taskMetrics} for one
 * task when the table holds {@value #SESSIONS} sessions over {@value #TASKS} tasks. Subject and baseline alternate
 * call by call, so both see the same machine noise. Sizes can be lowered with {@code -Dobra.bench.sessions=N} for a
 * quick look; the published figures use the defaults.
 */
final class StoreBench implements Benchmark {
    static final int TASKS = 100_000;
    static final int SESSIONS = 1_000_000;
    private static final int BOOKKEEPING_WARMUP = 1_000;
    private static final int BOOKKEEPING_RUNS = 3_000;
    private static final int METRICS_WARMUP = 3_000;
    private static final int METRICS_RUNS = 5_000;
    private static final int BATCH = 10_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final BenchDatabase.Kind kind;

    StoreBench(BenchDatabase.Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return "store-" + kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String description() {
        return "JooqSessionStore on " + kind + " against plain JDBC on the same database: bookkeeping per iteration "
                + "(open + close session + record iteration) and taskMetrics at " + SESSIONS + " session rows";
    }

    @Override
    public Optional<String> unavailable() {
        return kind == BenchDatabase.Kind.POSTGRES ? BenchDatabase.postgresUnavailable() : Optional.empty();
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        int sessions = Integer.getInteger("obra.bench.sessions", effort.count(SESSIONS));
        int tasks = Math.max(1, sessions / (SESSIONS / TASKS));
        try (BenchDatabase db = BenchDatabase.create(kind);
                JooqSessionStore store = db.openStore();
                Connection connection = db.rawConnection()) {
            RawJdbcStore raw = new RawJdbcStore(
                    connection,
                    kind == BenchDatabase.Kind.SQLITE,
                    "[\"no test for --json\",\"README not updated\"]",
                    "[\"README.md\",\"src/Report.java\"]",
                    "[\"mvn\",\"-q\",\"test\"]");
            long start = System.nanoTime();
            populate(connection, raw, tasks, sessions);
            report.note(String.format(
                    Locale.ROOT,
                    "%s: wrote %d tasks and %d sessions in %.1f s",
                    name(),
                    tasks,
                    sessions,
                    (System.nanoTime() - start) / 1e9));
            measureMetrics(report, store, raw, tasks, effort);
            measureBookkeeping(report, store, raw, effort);
        }
    }

    private void measureMetrics(Report report, JooqSessionStore store, RawJdbcStore raw, int tasks, Effort effort)
            throws Exception {
        int warmup = effort.count(METRICS_WARMUP);
        int runs = effort.count(METRICS_RUNS);
        TaskMetrics check = store.taskMetrics(taskId(0));
        if (check.sessions() != SESSIONS / TASKS || raw.taskMetrics(taskId(0).value()) != check.sessions()) {
            throw new IllegalStateException("unexpected metrics for " + taskId(0) + ": " + check);
        }
        SplittableRandom random = new SplittableRandom(42);
        long[] subject = new long[runs];
        long[] baseline = new long[runs];
        for (int i = -warmup; i < runs; i++) {
            TaskId id = taskId(random.nextInt(tasks));
            long t0 = System.nanoTime();
            store.taskMetrics(id);
            long t1 = System.nanoTime();
            raw.taskMetrics(id.value());
            long t2 = System.nanoTime();
            if (i >= 0) {
                subject[i] = t1 - t0;
                baseline[i] = t2 - t1;
            }
        }
        figures(report, name() + "-task-metrics", Samples.of(subject), Samples.of(baseline));
    }

    private void measureBookkeeping(Report report, JooqSessionStore store, RawJdbcStore raw, Effort effort)
            throws Exception {
        int warmup = effort.count(BOOKKEEPING_WARMUP);
        int runs = effort.count(BOOKKEEPING_RUNS);
        long[] subject = new long[runs];
        long[] baseline = new long[runs];
        TaskRecord storeTask = null;
        TaskRecord rawTask = null;
        for (int i = -warmup; i < runs; i++) {
            int iteration = Math.floorMod(i, 10) + 1;
            if (iteration == 1) {
                storeTask = TaskRecord.running(TaskId.random(), "bench", Optional.empty(), 10, Instant.now());
                rawTask = TaskRecord.running(TaskId.random(), "bench", Optional.empty(), 10, Instant.now());
                store.createTask(storeTask);
                store.createTask(rawTask);
            }
            SessionRecord a = SessionRecord.open(
                    storeTask.id(), iteration, 1, new SessionMode.New(SessionId.random()), Instant.now());
            SessionRecord b = SessionRecord.open(
                    rawTask.id(), iteration, 1, new SessionMode.New(SessionId.random()), Instant.now());
            IterationRecord aIteration = iteration(storeTask.id(), iteration, a.sessionId());
            IterationRecord bIteration = iteration(rawTask.id(), iteration, b.sessionId());
            long t0 = System.nanoTime();
            store.openSession(a);
            store.closeSession(closed(a));
            store.recordIteration(aIteration);
            long t1 = System.nanoTime();
            raw.openSession(b, "bench");
            raw.closeSession(closed(b));
            raw.recordIteration(bIteration);
            long t2 = System.nanoTime();
            if (i >= 0) {
                subject[i] = t1 - t0;
                baseline[i] = t2 - t1;
            }
        }
        figures(report, name() + "-bookkeeping", Samples.of(subject), Samples.of(baseline));
    }

    private static void figures(Report report, String name, Samples subject, Samples baseline) {
        report.figure(name + "-median", subject.median() / 1e6, baseline.median() / 1e6, "ms");
        report.figure(name + "-p99", subject.p99() / 1e6, baseline.p99() / 1e6, "ms");
    }

    /** Writes finished tasks and their completed sessions in batches, in plain JDBC (not what is measured). */
    private static void populate(Connection c, RawJdbcStore raw, int tasks, int sessions) throws Exception {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement task = c.prepareStatement(
                        "INSERT INTO task (id, description, status, max_iterations, "
                                + "final_decision, final_decision_reason, status_reason, output, created_at, finished_at, owner, "
                                + "heartbeat_at) VALUES (?, 'populated', 'COMPLETED', 10, 'PROCEED', 'ok', 'ok', '', ?, ?, 'bench', ?)");
                PreparedStatement session = c.prepareStatement(RawJdbcStore.INSERT_SESSION)) {
            for (int t = 0; t < tasks; t++) {
                long created = T0.toEpochMilli() + t * 1000L;
                task.setString(1, taskId(t).value());
                task.setLong(2, created);
                task.setLong(3, created + 900);
                task.setLong(4, created + 900);
                task.addBatch();
                if ((t + 1) % BATCH == 0) {
                    task.executeBatch();
                }
            }
            task.executeBatch();
            int perTask = sessions / tasks;
            for (int s = 0; s < sessions; s++) {
                int t = s / perTask;
                Instant started = T0.plusSeconds(t).plusMillis(s % perTask);
                SessionRecord open = SessionRecord.open(
                        taskId(t), s % perTask + 1, 1, new SessionMode.New(SessionId.random()), started);
                raw.bindNewSession(session, closed(open), "bench", started.toEpochMilli());
                session.addBatch();
                if ((s + 1) % BATCH == 0) {
                    session.executeBatch();
                    c.commit();
                }
            }
            session.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static TaskId taskId(int n) {
        return TaskId.of("bench-task-" + n);
    }

    private static SessionRecord closed(SessionRecord open) {
        return open.close(
                SessionStatus.COMPLETED,
                open.startedAt().plusMillis(1500),
                new Usage(1234, 56, 200, 300),
                2,
                new BigDecimal("0.007116000000000001"),
                new BigDecimal("0.007116000000000001"),
                Duration.ofMillis(1500),
                Optional.empty());
    }

    private static IterationRecord iteration(TaskId task, int iteration, SessionId session) {
        QualityScore quality = new QualityScore(
                0.625,
                QualityScore.Source.COMBINED,
                0.55,
                "FAIL: tests missing",
                List.of("no test for --json", "README not updated"),
                Optional.empty(),
                new JudgeUsage(2, Duration.ofMillis(1834), 912, 77),
                QualityScore.Verdict.NONE,
                List.of());
        return new IterationRecord(
                task,
                iteration,
                session,
                1,
                "Add a --json flag to the report command",
                "I did it.",
                Optional.of(new Validation(false, true, List.of("no test for --json", "README not updated"))),
                Optional.of(quality),
                Optional.of(new Confidence(0.6125, 0.925, 0.3)),
                new Decision.Retry("add the test"),
                new WorkspaceChanges(
                        true,
                        true,
                        List.of("README.md", "src/Report.java"),
                        2,
                        42,
                        7,
                        "2 files changed (+42 -7): README.md, src/Report.java",
                        List.of(),
                        List.of()),
                Optional.of(new VerificationResult(
                        List.of("mvn", "-q", "test"), 1, false, "[ERROR] 1 failure\n", Duration.ofMillis(12_345))),
                Instant.now());
    }
}
