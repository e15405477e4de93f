package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.store.InMemorySessionStore;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The orchestrator's own cost per iteration: an instant in-process agent and {@link InMemorySessionStore}, against
 * a loop that calls the same agent directly with the same kind of request.
 */
final class OrchestratorOverheadBench implements Benchmark {
    private static final int ITERATIONS_PER_TASK = 10;
    private static final int WARMUP_TASKS = 3_000;
    private static final int TASKS = 3_000;

    @Override
    public String name() {
        return "orchestrator-overhead";
    }

    @Override
    public String description() {
        return "per-iteration time of Orchestrator.run (instant agent, in-memory store, default rules) against "
                + "calling the agent directly";
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        int warmupTasks = effort.count(WARMUP_TASKS);
        int measuredTasks = effort.count(TASKS);
        Agent agent = new InstantAgent();
        DefaultDecisionEngine rules = DefaultDecisionEngine.ofDefaults();
        // The default rules accept the first result; keep the task going so one task measures many iterations.
        DecisionEngine engine = context -> {
            Decision decision = rules.decide(context);
            return decision instanceof Decision.Proceed && context.iteration() < ITERATIONS_PER_TASK
                    ? new Decision.Retry("benchmark: keep going")
                    : decision;
        };
        Samples orchestrated;
        Samples direct;
        // Alternate the two so that both see the same machine noise.
        long[] orchestratedNanos = new long[measuredTasks];
        long[] directNanos = new long[measuredTasks];
        for (int round = 0; round < 2; round++) {
            int tasks = round == 0 ? warmupTasks : measuredTasks;
            try (Orchestrator orchestrator = Orchestrator.builder()
                    .agent(agent)
                    .decisionEngine(engine)
                    .sessionStore(new InMemorySessionStore())
                    .maxIterations(ITERATIONS_PER_TASK)
                    .build()) {
                for (int i = 0; i < tasks; i++) {
                    long start = System.nanoTime();
                    TaskResult result = orchestrator.run(Task.of("benchmark task " + i));
                    long took = System.nanoTime() - start;
                    if (result.status() != TaskStatus.COMPLETED
                            || result.iterations().size() != ITERATIONS_PER_TASK) {
                        throw new IllegalStateException("benchmark task did not run as planned: " + result);
                    }
                    start = System.nanoTime();
                    directLoop(agent, "benchmark task " + i);
                    long tookDirect = System.nanoTime() - start;
                    if (round == 1) {
                        orchestratedNanos[i] = took / ITERATIONS_PER_TASK;
                        directNanos[i] = tookDirect / ITERATIONS_PER_TASK;
                    }
                }
            }
        }
        orchestrated = Samples.of(orchestratedNanos);
        direct = Samples.of(directNanos);
        long[] overhead = new long[measuredTasks];
        for (int i = 0; i < measuredTasks; i++) {
            overhead[i] = orchestratedNanos[i] - directNanos[i];
        }
        Samples over = Samples.of(overhead);
        report.note(measuredTasks + " tasks of " + ITERATIONS_PER_TASK + " iterations after " + warmupTasks
                + " warm-up tasks; figures are per iteration");
        report.figure(
                "orchestrator-overhead.iteration.median",
                orchestrated.median() / 1000.0,
                direct.median() / 1000.0,
                "us");
        report.figure("orchestrator-overhead.iteration.p99", orchestrated.p99() / 1000.0, direct.p99() / 1000.0, "us");
        report.figure("orchestrator-overhead.overhead.median", over.median() / 1000.0, direct.median() / 1000.0, "us");
    }

    private static void directLoop(Agent agent, String description) {
        for (int i = 0; i < ITERATIONS_PER_TASK; i++) {
            AgentResponse response =
                    agent.execute(AgentRequest.of(description, new SessionMode.New(SessionId.random())));
            if (!response.isSuccess()) {
                throw new IllegalStateException("instant agent failed");
            }
        }
    }

    /** Answers at once, as if the work were done. */
    private static final class InstantAgent implements Agent {
        @Override
        public AgentResponse execute(AgentRequest request) {
            return AgentResponse.success(
                    request.sessionId(),
                    "Done: changed nothing, it is a benchmark.",
                    new Usage(100, 20, 0, 0),
                    1,
                    new BigDecimal("0.0001"),
                    Duration.ofMillis(1));
        }
    }
}
