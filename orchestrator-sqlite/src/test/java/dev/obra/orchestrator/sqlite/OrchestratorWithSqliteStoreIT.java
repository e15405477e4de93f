package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator end to end with a SQLite store: what it reports is what a fresh store reads back. */
class OrchestratorWithSqliteStoreIT {
    @TempDir
    Path dir;

    @Test
    void aFinishedTasksMetricsAreWhatAFreshStoreReadsBack() {
        Path file = dir.resolve("obra.db");
        DefaultDecisionEngine rules = DefaultDecisionEngine.ofDefaults();
        // Accept only from the third iteration on, so that the task runs several sessions.
        DecisionEngine engine = context -> {
            Decision decision = rules.decide(context);
            return decision instanceof Decision.Proceed && context.iteration() < 3
                    ? new Decision.Retry("not yet: iteration " + context.iteration())
                    : decision;
        };
        TaskResult result;
        try (JooqSessionStore store = JooqSessionStore.sqlite(file);
                Orchestrator orchestrator = Orchestrator.builder()
                        .agent(new OverloadedOnceAgent())
                        .decisionEngine(engine)
                        .sessionStore(store)
                        .maxIterations(5)
                        .build()) {
            result = orchestrator.run(Task.of("Add a --json flag to the report command"));
        }

        try (JooqSessionStore fresh = JooqSessionStore.sqlite(file)) {
            assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(fresh.taskMetrics(result.taskId())).isEqualTo(result.metrics());
            assertThat(result.metrics().sessions()).isEqualTo(4);
            assertThat(result.metrics().iterations()).isEqualTo(3);
            assertThat(result.metrics().costUsd()).isEqualTo(new BigDecimal("0.021348000000000003"));
            assertThat(fresh.iterations(result.taskId())).isEqualTo(result.iterations());
            assertThat(fresh.findTask(result.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
            List<SessionRecord> sessions = fresh.sessions(result.taskId());
            assertThat(sessions)
                    .extracting(SessionRecord::status)
                    .containsExactly(
                            SessionStatus.COMPLETED,
                            SessionStatus.FAILED,
                            SessionStatus.COMPLETED,
                            SessionStatus.COMPLETED);
            assertThat(sessions.get(1).error())
                    .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo("API_ERROR"));
        }
    }

    /** Answers at once; its second call reports an overloaded API, which the orchestrator retries. */
    private static final class OverloadedOnceAgent implements Agent {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public AgentResponse execute(AgentRequest request) {
            int call = calls.incrementAndGet();
            if (call == 2) {
                return new AgentResponse(
                        "",
                        request.sessionId(),
                        AgentOutcome.API_ERROR,
                        Usage.ZERO,
                        0,
                        BigDecimal.ZERO,
                        BigDecimal.ZERO,
                        Duration.ofMillis(5),
                        List.of("529 overloaded"),
                        List.of());
            }
            return AgentResponse.success(
                    request.sessionId(),
                    "Done (call " + call + ").",
                    new Usage(1234, 56, 200, 300),
                    2,
                    new BigDecimal("0.007116000000000001"),
                    Duration.ofMillis(1500));
        }
    }
}
