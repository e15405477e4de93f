package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.JooqSessionStoreContract.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server restarted while a task's agent runs, so that the iteration's writes (closing the session,
 * recording the iteration, and what follows) meet a server that has dropped every connection. On a DataSource that
 * connects for every operation they go through on new connections; on a pool that hands out its idle connections
 * unchecked, the first write fails typed and the task ends FAILED with it as the reason. Either way nothing is
 * half-written. The test starts a server of its own ({@link PostgresServer}) and never touches the shared one.
 */
class PostgresRestartIT {
    /** A heartbeat that does not beat during the test, so that only the task's own writes use the connections. */
    private static final JooqSessionStore.Options QUIET = JooqSessionStore.Options.builder()
            .heartbeatInterval(Duration.ofHours(1))
            .abandonAfter(Duration.ofHours(2))
            .build();

    private PostgresServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterEach
    void removeServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withANewConnectionPerOperationTheWritesAfterARestartSucceed() throws Exception {
        // given: a store on a DataSource that connects anew for every operation
        DataSource dataSource = server.dataSource();

        // when: the server restarts while the first session's agent runs
        TaskResult result =
                runAcrossARestart(dataSource, Task.of("survive a restart")).get();

        // then: every write after the restart went through on a new connection, and the rows say so
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(rows(dataSource, "SELECT status, status_reason FROM task WHERE id = ?", result.taskId()))
                .containsExactly("COMPLETED | accepted");
        assertThat(rows(
                        dataSource,
                        "SELECT iteration, status, input_tokens FROM session_record WHERE task_id = ? "
                                + "ORDER BY iteration",
                        result.taskId()))
                .containsExactly("1 | COMPLETED | 100", "2 | COMPLETED | 100");
        assertThat(rows(
                        dataSource,
                        "SELECT iteration, decision, response FROM iteration WHERE task_id = ? " + "ORDER BY iteration",
                        result.taskId()))
                .containsExactly("1 | RETRY | answer 1", "2 | PROCEED | answer 2");
        try (JooqSessionStore reopened = JooqSessionStore.postgres(dataSource, QUIET)) {
            assertThat(reopened.iterations(result.taskId())).isEqualTo(result.iterations());
            assertThat(reopened.taskMetrics(result.taskId())).isEqualTo(result.metrics());
        }
    }

    @Test
    void aPooledConnectionThatTheRestartBrokeFailsTheWriteTypedAndTheTaskEndsFailed() throws Exception {
        // given: a store on a pool that hands out idle connections without checking them, as many pools do
        @SuppressWarnings("deprecation")
        org.postgresql.ds.PGPoolingDataSource pool = new org.postgresql.ds.PGPoolingDataSource();
        pool.setURL(server.url());
        pool.setDataSourceName("restart-" + System.nanoTime());
        pool.setMaxConnections(2);
        Task task = Task.of("meet a broken connection");
        Throwable failure;
        try {
            // when: the server restarts while the first session's agent runs
            failure = runAcrossARestart(pool, task)
                    .handle((r, e) -> e == null ? new AssertionError("the task ended " + r) : e.getCause())
                    .get();
        } finally {
            pool.close();
        }
        // then: the first write after the restart failed typed, on the connection the restart broke
        assertThat(failure)
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot close session ")
                .hasMessageContaining(" of task " + task.id().value())
                .hasMessageContaining("The server ended the connection (it was shut down or restarted)");
        // and: the task ended with that failure as its reason; the session is left as it was opened, whole
        DataSource plain = server.dataSource();
        assertThat(rows(plain, "SELECT status, status_reason FROM task WHERE id = ?", task.id()))
                .containsExactly("FAILED | the store failed: " + failure.getMessage());
        assertThat(rows(
                        plain,
                        "SELECT iteration, status, error_kind, ended_at FROM session_record WHERE task_id = ?",
                        task.id()))
                .containsExactly("1 | RUNNING | null | null");
        assertThat(rows(plain, "SELECT iteration FROM iteration WHERE task_id = ?", task.id()))
                .isEmpty();
        // and: a store opened later recovers the session that no process runs any more
        try (JooqSessionStore reopened = JooqSessionStore.postgres(plain, JooqSessionStoreContract.FAST)) {
            awaitTrue(() -> reopened.sessions(task.id()).get(0).status() == SessionStatus.ABANDONED);
            assertThat(reopened.findTask(task.id()).orElseThrow().statusReason())
                    .isEqualTo("the store failed: " + failure.getMessage());
        }
    }

    /**
     * Runs {@code task} on a store over {@code dataSource}, restarting the server while the first agent call waits,
     * and returns the run once it has ended, whichever way.
     */
    private CompletableFuture<TaskResult> runAcrossARestart(DataSource dataSource, Task task) throws Exception {
        BlockingAgent agent = new BlockingAgent();
        try (JooqSessionStore store = JooqSessionStore.postgres(dataSource, QUIET);
                Orchestrator orchestrator = Orchestrator.builder()
                        .agent(agent)
                        .sessionStore(store)
                        .decisionEngine(retryOnceThenProceed())
                        .maxIterations(3)
                        .build()) {
            CompletableFuture<TaskResult> run = CompletableFuture.supplyAsync(() -> orchestrator.run(task));
            agent.awaitFirstCall();
            server.restart();
            agent.release();
            run.handle((r, e) -> r).get(120, TimeUnit.SECONDS);
            return run;
        }
    }

    private static DecisionEngine retryOnceThenProceed() {
        return context -> context.iteration() == 1 ? new Decision.Retry("once more") : new Decision.Proceed("accepted");
    }

    /** Returns the rows of {@code sql} (one {@code ?}, the task id) with their columns joined by {@code " | "}. */
    static List<String> rows(DataSource dataSource, String sql, TaskId task) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var s = c.prepareStatement(sql)) {
            s.setString(1, task.value());
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        values.add(r.getString(i));
                    }
                    rows.add(String.join(" | ", values));
                }
            }
        }
        return rows;
    }

    /** Answers "answer N"; its first call waits until the test releases it. */
    private static final class BlockingAgent implements Agent {
        private final CountDownLatch firstCall = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public AgentResponse execute(AgentRequest request) {
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstCall.countDown();
                try {
                    if (!released.await(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the agent");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the test", e);
                }
            }
            return AgentResponse.success(
                    request.sessionId(),
                    "answer " + call,
                    new Usage(100, 10, 0, 0),
                    1,
                    new BigDecimal("0.01"),
                    Duration.ofMillis(5));
        }

        void awaitFirstCall() throws InterruptedException {
            assertThat(firstCall.await(60, TimeUnit.SECONDS))
                    .as("the agent was called")
                    .isTrue();
        }

        void release() {
            released.countDown();
        }
    }
}
