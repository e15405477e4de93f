package dev.obra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** submit() runs at most maxConcurrentTasks tasks at once, and close() cancels what is left. */
class ConcurrentTasksIT {

    /** An agent that holds each call until the test releases a permit, tracking how many run at once. */
    static final class GatedAgent implements Agent {
        final Semaphore permits = new Semaphore(0);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Semaphore entered = new Semaphore(0);

        @Override
        public AgentResponse execute(AgentRequest request) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            entered.release();
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentCancelledException("gated agent cancelled");
            } finally {
                running.decrementAndGet();
            }
            return AgentResponse.success(
                    request.sessionId(), "done", new Usage(1, 1, 0, 0), 1, BigDecimal.ONE, Duration.ofMillis(1));
        }
    }

    @Test
    void atMostMaxConcurrentTasksRunAtOnce() throws Exception {
        GatedAgent agent = new GatedAgent();
        InMemorySessionStore store = new InMemorySessionStore();
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent)
                .sessionStore(store)
                .maxConcurrentTasks(2)
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                handles.add(orchestrator.submit(Task.of("task " + i)));
            }
            assertThat(agent.entered.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.entered.tryAcquire(200, TimeUnit.MILLISECONDS))
                    .as("a third task started")
                    .isFalse();

            agent.permits.release(6);
            for (TaskHandle handle : handles) {
                assertThat(handle.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.COMPLETED);
            }
            assertThat(agent.maxRunning.get()).isEqualTo(2);
            assertThat(store.listTasks(TaskQuery.all())).hasSize(6);
        }
    }

    @Test
    void closingTheOrchestratorCancelsRunningAndQueuedTasks() throws Exception {
        GatedAgent agent = new GatedAgent();
        InMemorySessionStore store = new InMemorySessionStore();
        Orchestrator orchestrator =
                Orchestrator.builder().agent(agent).sessionStore(store).build();
        TaskHandle running = orchestrator.submit(Task.of("running"));
        TaskHandle queued = orchestrator.submit(Task.of("queued"));
        assertThat(agent.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        orchestrator.close();

        assertThat(running.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(queued.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(store.listTasks(TaskQuery.all()))
                .allSatisfy(t -> assertThat(t.task().status()).isEqualTo(TaskStatus.CANCELLED));
    }
}
