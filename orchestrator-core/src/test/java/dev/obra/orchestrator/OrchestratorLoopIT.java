package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.blockUntilInterrupted;
import static dev.obra.orchestrator.testing.ScriptedAgent.crash;
import static dev.obra.orchestrator.testing.ScriptedAgent.fail;
import static dev.obra.orchestrator.testing.ScriptedAgent.report;
import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static dev.obra.orchestrator.testing.ScriptedLlm.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.SessionInUseException;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.breakpoint.Breakpoints;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.testing.FailingLlm;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.testing.ScriptedLlm;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The orchestration loop end to end: real store, quality, decision rules, workspace probe and verification. */
class OrchestratorLoopIT extends AnswerLoopFixture {

    @Override
    Task task() {
        return super.task().withAcceptanceCriteria(List.of("answer.txt holds 42"));
    }

    @Test
    void aTaskThatPassesOnTheFirstIterationCompletes() {
        ScriptedAgent agent = ScriptedAgent.of(succeed("Wrote 42 to answer.txt", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.finalDecision()).containsInstanceOf(Decision.Proceed.class);
        assertThat(result.output()).isEqualTo("Wrote 42 to answer.txt");
        assertThat(result.iterations()).hasSize(1);
        IterationRecord iteration = result.iterations().get(0);
        assertThat(iteration.verification().orElseThrow().passed()).isTrue();
        assertThat(iteration.changes().changedFiles()).containsExactly("answer.txt");
        assertThat(iteration.quality().orElseThrow().source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(iteration.quality().orElseThrow().fallbackReason()).contains("no LLM judge is configured");
        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(sessions.get(0).sessionId())
                .isEqualTo(agent.request(0).sessionId())
                .isEqualTo(iteration.sessionId());
        assertThat(agent.request(0).mode()).isInstanceOf(SessionMode.New.class);
        assertThat(agent.request(0).workingDirectory())
                .contains(workdir.toAbsolutePath().normalize());
        assertThat(agent.request(0).prompt())
                .contains(
                        "Write the answer to answer.txt",
                        "answer.txt holds 42",
                        "iteration 1 of 5",
                        workdir.toString());
        assertThat(store.findTask(result.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.metrics()).isEqualTo(store.taskMetrics(result.taskId()));
        assertThat(result.metrics().sessions()).isEqualTo(1);
        assertThat(listener.kinds())
                .containsExactly(
                        "TaskStarted", "IterationStarted", "AgentFinished", "Evaluated", "Decided", "TaskFinished");
    }

    @Test
    void aFailingVerificationIsRetriedWithItsOutputInTheNextPrompt() {
        ScriptedAgent agent = ScriptedAgent.of(
                succeed("Wrote the answer", Map.of("answer.txt", "41\n")),
                succeed("Fixed the answer", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.iterations()).hasSize(2);
        IterationRecord first = result.iterations().get(0);
        assertThat(first.verification().orElseThrow().exitCode()).isEqualTo(1);
        assertThat(first.decision()).isInstanceOf(Decision.Retry.class);
        assertThat(agent.request(1).prompt())
                .contains(
                        "diff expected.txt answer.txt", "failed with exit code 1", "< 42", "> 41", "iteration 2 of 5");
        assertThat(agent.request(1).mode()).isInstanceOf(SessionMode.New.class);
        assertThat(agent.request(1).sessionId()).isNotEqualTo(agent.request(0).sessionId());
        assertThat(store.sessions(result.taskId()))
                .extracting(SessionRecord::iteration)
                .containsExactly(1, 2);
    }

    @Test
    void clarifyResumesThePreviousSessionUnderANewId() {
        ScriptedAgent agent = ScriptedAgent.of(
                succeed("Wrote the answer", Map.of("answer.txt", "42\n")),
                succeed("Added the test", Map.of("AnswerTest.txt", "ok\n")));
        ScriptedLlm judge =
                ScriptedLlm.answering(verdict(0.6, false, "there is no test for the answer"), verdict(0.95, true));

        TaskResult result = orchestrator(agent).llm(judge).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.iterations().get(0).decision())
                .isEqualTo(new Decision.Clarify(List.of("there is no test for the answer")));
        SessionMode second = agent.request(1).mode();
        assertThat(second).isInstanceOf(SessionMode.Resume.class);
        SessionMode.Resume resume = (SessionMode.Resume) second;
        assertThat(resume.previous()).isEqualTo(agent.request(0).sessionId());
        assertThat(resume.id()).isNotEqualTo(resume.previous());
        assertThat(resume.previousReportedCostUsd()).isEqualByComparingTo("0.01");
        assertThat(agent.request(1).prompt()).contains("there is no test for the answer");
        SessionRecord resumed = store.sessions(result.taskId()).get(1);
        assertThat(resumed.mode()).isEqualTo(SessionRecord.Mode.RESUME);
        assertThat(resumed.parentSessionId()).contains(resume.previous());
        assertThat(resumed.costUsd()).as("own cost, not the cumulative one").isEqualByComparingTo("0.01");
        assertThat(resumed.reportedCostUsd()).isEqualByComparingTo("0.02");
        assertThat(result.metrics().costUsd()).isEqualByComparingTo("0.02");
        assertThat(result.iterations().get(1).quality().orElseThrow().source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(result.iterations().get(1).quality().orElseThrow().judge().calls())
                .isEqualTo(1);
    }

    @Test
    void twoLowScoresInARowEscalate() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Changed something", Map.of("answer.txt", "42\n")));
        ScriptedLlm judge = ScriptedLlm.answering(verdict(0.3, false, "the change is unrelated to the task"));

        TaskResult result = orchestrator(agent).llm(judge).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.ESCALATED);
        assertThat(result.iterations()).hasSize(2);
        assertThat(result.iterations().get(0).decision()).isInstanceOf(Decision.Clarify.class);
        assertThat(result.finalDecision()).containsInstanceOf(Decision.Escalate.class);
        assertThat(result.reason()).contains("quality stayed below 0.5 for 2 iterations");
        assertThat(store.findTask(result.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.ESCALATED);
    }

    @Test
    void anAuthenticationErrorAbortsWithoutRetrying() {
        ScriptedAgent agent = ScriptedAgent.of(report(AgentOutcome.AUTH_ERROR, "Not logged in · Please run /login"));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.finalDecision()).containsInstanceOf(Decision.Abort.class);
        assertThat(result.reason()).contains("Not logged in");
        assertThat(agent.requests()).hasSize(1);
        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).status()).isEqualTo(SessionStatus.FAILED);
        assertThat(sessions.get(0).error().orElseThrow().kind()).isEqualTo("AUTH_ERROR");
        assertThat(result.iterations().get(0).quality()).isEmpty();
    }

    @Test
    void aTransientErrorIsRetriedInTheSameIterationUnderANewSessionId() {
        ScriptedAgent agent = ScriptedAgent.of(
                report(AgentOutcome.API_ERROR, "API Error: 529 overloaded"),
                succeed("Wrote 42", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions).extracting(SessionRecord::iteration).containsExactly(1, 1);
        assertThat(sessions).extracting(SessionRecord::attempt).containsExactly(1, 2);
        assertThat(sessions)
                .extracting(SessionRecord::status)
                .containsExactly(SessionStatus.FAILED, SessionStatus.COMPLETED);
        assertThat(sessions.get(0).sessionId()).isNotEqualTo(sessions.get(1).sessionId());
        assertThat(agent.request(1).mode()).isInstanceOf(SessionMode.New.class);
        assertThat(result.iterations()).hasSize(1);
        assertThat(result.iterations().get(0).attempts()).isEqualTo(2);
        assertThat(result.iterations().get(0).sessionId())
                .isEqualTo(sessions.get(1).sessionId());
        assertThat(result.metrics().iterations()).isEqualTo(1);
        assertThat(result.metrics().sessions()).isEqualTo(2);
    }

    @Test
    void aSessionIdCollisionIsRetriedWithAFreshId() {
        AtomicReference<SessionInUseException> thrown = new AtomicReference<>();
        ScriptedAgent agent = ScriptedAgent.of(
                request -> {
                    thrown.set(new SessionInUseException(
                            request.sessionId(), "Error: Session ID " + request.sessionId() + " is already in use."));
                    throw thrown.get();
                },
                succeed("Wrote 42", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(agent.request(1).sessionId()).isNotEqualTo(thrown.get().sessionId());
        assertThat(store.sessions(result.taskId()).get(0).error().orElseThrow().kind())
                .isEqualTo("SESSION_IN_USE");
    }

    @Test
    void transientErrorsStopAfterTheAttemptsOfAnIteration() {
        ScriptedAgent agent = ScriptedAgent.repeating(report(AgentOutcome.API_ERROR, "API Error: 500"));

        TaskResult result =
                orchestrator(agent).maxAttemptsPerIteration(3).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(agent.requests()).hasSize(3);
        assertThat(result.reason()).contains("all 3 attempts of iteration 1 failed");
    }

    @Test
    void aTaskWithoutAnAcceptedResultStopsAtMaxIterations() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent).maxIterations(3).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.MAX_ITERATIONS);
        assertThat(result.iterations()).hasSize(3);
        assertThat(agent.requests()).hasSize(3);
        assertThat(result.reason()).contains("no accepted result after 3 iterations");
        assertThat(store.findTask(result.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.MAX_ITERATIONS);
    }

    @Test
    void aTaskOverrideOfMaxIterationsWins() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent).maxIterations(5).build().run(task().withMaxIterations(2));

        assertThat(result.status()).isEqualTo(TaskStatus.MAX_ITERATIONS);
        assertThat(agent.requests()).hasSize(2);
    }

    @Test
    void theCostBudgetStopsTheTaskBetweenIterations() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent).build().run(task().withBudget(Budget.ofCost(new BigDecimal("0.025"))));

        assertThat(result.status()).isEqualTo(TaskStatus.BUDGET_EXCEEDED);
        assertThat(agent.requests()).hasSize(3);
        assertThat(result.metrics().costUsd()).isEqualByComparingTo("0.03");
        assertThat(result.reason()).contains("cost $0.03 reached the budget of $0.025");
        assertThat(agent.request(2).maxCostUsd()).contains(new BigDecimal("0.005"));
    }

    @Test
    void theTokenBudgetStopsTheTask() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent).build().run(task().withBudget(Budget.UNLIMITED.withMaxTokens(1111)));

        assertThat(result.status()).isEqualTo(TaskStatus.BUDGET_EXCEEDED);
        assertThat(agent.requests()).hasSize(1);
        assertThat(result.reason()).contains("1111 tokens reached the budget of 1111");
    }

    @Test
    void theAgentsOwnBudgetStopEndsTheTaskBudgetExceeded() {
        ScriptedAgent agent = ScriptedAgent.of(report(AgentOutcome.BUDGET_EXCEEDED, "Reached maximum budget ($0.001)"));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.BUDGET_EXCEEDED);
        assertThat(result.reason()).contains("Reached maximum budget");
    }

    @Test
    void theWallTimeBudgetIsPassedToTheAgent() {
        ScriptedAgent agent = ScriptedAgent.of(succeed("Wrote 42", Map.of("answer.txt", "42\n")));

        orchestrator(agent).build().run(task().withBudget(Budget.UNLIMITED.withMaxWallTime(Duration.ofMinutes(5))));

        assertThat(agent.request(0).timeout())
                .hasValueSatisfying(t ->
                        assertThat(t).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThan(Duration.ofMinutes(4)));
    }

    @Test
    void aTurnLimitResumesTheConversationWithMoreTurns() {
        ScriptedAgent agent = ScriptedAgent.of(
                request -> ScriptedAgent.response(
                        request, AgentOutcome.MAX_TURNS, "", List.of("Reached maximum number of turns (2)")),
                succeed("Finished", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(agent.request(1).mode()).isInstanceOf(SessionMode.Resume.class);
        assertThat(((SessionMode.Resume) agent.request(1).mode()).previous())
                .isEqualTo(agent.request(0).sessionId());
        assertThat(agent.request(1).maxTurns()).hasValue(2);
        assertThat(agent.request(1).prompt()).contains("turn limit");
    }

    @Test
    void cancellingStopsASlowAgentAndRecordsTheSessionCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = ScriptedAgent.of(blockUntilInterrupted(started));
        try (Orchestrator orchestrator = orchestrator(agent).build()) {
            TaskHandle handle = orchestrator.submit(task());
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(handle.cancel()).isTrue();
            TaskResult result = handle.result().get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(TaskStatus.CANCELLED);
            List<SessionRecord> sessions = store.sessions(handle.taskId());
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).status()).isEqualTo(SessionStatus.CANCELLED);
            assertThat(store.findTask(handle.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(handle.cancel()).as("already ended").isFalse();
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsTheAgent() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = ScriptedAgent.of(blockUntilInterrupted(started));
        ScriptedAgent second = ScriptedAgent.of(succeed("never"));
        try (Orchestrator orchestrator = orchestrator(agent).build()) {
            TaskHandle running = orchestrator.submit(task());
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            TaskHandle queued = orchestrator.submit(Task.of("queued").withWorkingDirectory(workdir));

            queued.cancel();
            running.cancel();

            assertThat(queued.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(store.sessions(queued.taskId())).isEmpty();
            assertThat(running.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(second.requests()).isEmpty();
        }
    }

    @Test
    void interruptingTheCallerCancelsRunAndKeepsTheInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = ScriptedAgent.of(blockUntilInterrupted(started));
        Orchestrator orchestrator = orchestrator(agent).build();
        AtomicReference<TaskResult> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            result.set(orchestrator.run(task()));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);

        assertThat(result.get().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(interruptedAfter.get()).isTrue();
        assertThat(store.sessions(result.get().taskId()).get(0).status()).isEqualTo(SessionStatus.CANCELLED);
    }

    @Test
    void aBreakpointStopsTheTaskWithTheDefaultHandler() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent)
                .breakpoint(Breakpoints.consecutiveFailures(2))
                .build()
                .run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.ESCALATED);
        assertThat(agent.requests()).hasSize(2);
        assertThat(result.reason()).contains("breakpoint consecutiveFailures");
        List<BreakpointRecord> recorded = store.breakpoints(result.taskId());
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).iteration()).isEqualTo(2);
        assertThat(recorded.get(0).resolution()).isInstanceOf(Resolution.Stop.class);
        assertThat(listener.of(OrchestratorEvent.BreakpointHit.class)).hasSize(1);
    }

    @Test
    void aBreakpointHandlerCanContinueWithGuidanceThatReachesTheNextPrompt() {
        ScriptedAgent agent = ScriptedAgent.of(
                succeed("Tried", Map.of("answer.txt", "41\n")), succeed("Fixed", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent)
                .breakpoint(Breakpoints.costAbove(new BigDecimal("0.005")))
                .breakpointHandler(event -> Resolution.continueWith("The answer is in expected.txt; copy it."))
                .build()
                .run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(agent.request(1).prompt())
                .contains("Guidance from a reviewer", "The answer is in expected.txt; copy it.");
        List<BreakpointRecord> recorded = store.breakpoints(result.taskId());
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).name()).isEqualTo("costAbove");
        assertThat(recorded.get(0).resolution())
                .isEqualTo(Resolution.continueWith("The answer is in expected.txt; copy it."));
    }

    @Test
    void aProgrammingErrorInTheAgentFailsTheRunLoudlyAndClosesTheSession() {
        ScriptedAgent agent = ScriptedAgent.of(crash(new IllegalStateException("bug in the agent")));
        Orchestrator orchestrator = orchestrator(agent).build();
        Task task = task();

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug in the agent");

        SessionRecord session = store.sessions(task.id()).get(0);
        assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(session.error().orElseThrow().kind()).isEqualTo("PROGRAMMING_ERROR");
        TaskRecord recorded = store.findTask(task.id()).orElseThrow();
        assertThat(recorded.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(recorded.statusReason()).contains("bug in the agent");
    }

    @Test
    void aProgrammingErrorInTheDecisionEngineIsNotSwallowed() {
        ScriptedAgent agent = ScriptedAgent.of(succeed("Wrote 42", Map.of("answer.txt", "42\n")));
        Orchestrator orchestrator = orchestrator(agent)
                .decisionEngine(context -> {
                    throw new NullPointerException("engine bug");
                })
                .build();
        Task task = task();

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("engine bug");
        assertThat(store.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(store.sessions(task.id()).get(0).status()).isEqualTo(SessionStatus.COMPLETED);
    }

    @Test
    void aTimedOutAgentIsRecordedTimedOutAndRetriedInANewIteration() {
        ScriptedAgent agent = ScriptedAgent.of(
                fail(new AgentTimeoutException("claude produced no output for PT1S", Duration.ofSeconds(1), true)),
                succeed("Wrote 42", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(store.sessions(result.taskId()))
                .extracting(SessionRecord::status)
                .containsExactly(SessionStatus.TIMED_OUT, SessionStatus.COMPLETED);
        assertThat(result.iterations()).hasSize(2);
        assertThat(agent.request(1).prompt()).contains("producing no output for PT1S");
    }

    @Test
    void anUnreachableJudgeFallsBackToHeuristicsAndSaysSo() {
        ScriptedAgent agent = ScriptedAgent.of(succeed("Wrote 42", Map.of("answer.txt", "42\n")));
        FailingLlm judge = new FailingLlm();

        TaskResult result = orchestrator(agent).llm(judge).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        QualityScore quality = result.iterations().get(0).quality().orElseThrow();
        assertThat(quality.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(quality.fallbackReason())
                .hasValueSatisfying(r -> assertThat(r).contains("unreachable"));
        assertThat(quality.judge().calls()).isEqualTo(1);
        assertThat(judge.calls()).isEqualTo(1);
    }

    @Test
    void everySessionGetsAFreshIdThatTheAgentReceives() {
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Tried", Map.of("answer.txt", "41\n")));

        TaskResult result = orchestrator(agent).maxIterations(4).build().run(task());

        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions)
                .extracting(SessionRecord::sessionId)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(
                        agent.requests().stream().map(r -> r.sessionId()).toList());
        assertThat(result.metrics()).isEqualTo(TaskMetrics.of(sessions));
    }

    @Test
    void listenersReceiveEveryEventOfEveryIteration() {
        ScriptedAgent agent = ScriptedAgent.of(
                report(AgentOutcome.API_ERROR, "529"),
                succeed("Tried", Map.of("answer.txt", "41\n")),
                succeed("Fixed", Map.of("answer.txt", "42\n")));

        orchestrator(agent).build().run(task());

        assertThat(listener.kinds())
                .containsExactly(
                        "TaskStarted",
                        "IterationStarted",
                        "AgentFinished",
                        "Decided",
                        "IterationStarted",
                        "AgentFinished",
                        "Evaluated",
                        "Decided",
                        "IterationStarted",
                        "AgentFinished",
                        "Evaluated",
                        "Decided",
                        "TaskFinished");
        OrchestratorEvent.AgentFinished last =
                listener.of(OrchestratorEvent.AgentFinished.class).get(2);
        assertThat(last.metrics().sessions()).isEqualTo(3);
    }

    @Test
    void aTaskRunsInTheAgentsDefaultDirectoryWhenItNamesNone() {
        ScriptedAgent agent = ScriptedAgent.of(succeed("Wrote 42", Map.of("answer.txt", "42\n")))
                .withDefaultDirectory(workdir);

        TaskResult result =
                orchestrator(agent).build().run(Task.of("Write the answer").withVerification(VERIFY));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(agent.request(0).workingDirectory())
                .contains(workdir.toAbsolutePath().normalize());
        assertThat(store.findTask(result.taskId()).orElseThrow().workingDirectory())
                .contains(workdir.toAbsolutePath().normalize());
    }
}
