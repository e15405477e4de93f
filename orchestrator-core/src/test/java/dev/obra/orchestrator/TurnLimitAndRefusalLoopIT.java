package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.report;
import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.testing.ScriptedAgent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Turn-limit continuations, the task's turn budget and refused tools, through the loop with real evidence. */
class TurnLimitAndRefusalLoopIT extends AnswerLoopFixture {
    private static final PermissionDenial MVN =
            new PermissionDenial("Bash", "toolu_1", "{\"command\":\"mvn -q test\"}", "Bash(mvn -q test)");

    private static ScriptedAgent.Step stopAtTurnLimit() {
        return report(AgentOutcome.MAX_TURNS, "Reached maximum number of turns (1)");
    }

    @Test
    void aTurnLimitStopIsContinuedInTheSameIterationAndOnlyTheFinishedTurnIsJudged() {
        ScriptedAgent agent = ScriptedAgent.of(stopAtTurnLimit(), succeed("Finished", Map.of("answer.txt", "42\n")));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.iterations()).hasSize(1);
        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions).extracting(SessionRecord::iteration).containsExactly(1, 1);
        assertThat(sessions).extracting(SessionRecord::attempt).containsExactly(1, 2);
        assertThat(sessions)
                .extracting(SessionRecord::mode)
                .containsExactly(SessionRecord.Mode.NEW, SessionRecord.Mode.RESUME);
        assertThat(sessions.get(1).parentSessionId()).contains(sessions.get(0).sessionId());
        assertThat(agent.request(1).mode()).isInstanceOf(SessionMode.Resume.class);
        assertThat(agent.request(1).maxTurns()).hasValue(2);
        assertThat(agent.request(1).prompt()).contains("turn limit");
        assertThat(result.iterations().get(0).sessionId())
                .isEqualTo(sessions.get(1).sessionId());
        // Verified and judged once, after the finished turn.
        assertThat(listener.of(OrchestratorEvent.Evaluated.class)).hasSize(1);
        // The resumed session reported $0.02 cumulatively; each counts its own $0.01.
        assertThat(sessions.get(1).reportedCostUsd()).isEqualByComparingTo("0.02");
        assertThat(result.metrics().costUsd()).isEqualByComparingTo("0.02");
    }

    @Test
    void continuationsPerIterationAreBoundedAndTheNextIterationResumes() {
        ScriptedAgent agent = ScriptedAgent.of(
                stopAtTurnLimit(), stopAtTurnLimit(), succeed("Finished", Map.of("answer.txt", "42\n")));

        TaskResult result =
                orchestrator(agent).maxContinuationsPerIteration(1).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.iterations()).hasSize(2);
        List<SessionRecord> sessions = store.sessions(result.taskId());
        assertThat(sessions).extracting(s -> s.iteration() + "." + s.attempt()).containsExactly("1.1", "1.2", "2.1");
        assertThat(sessions.get(2).parentSessionId()).contains(sessions.get(1).sessionId());
        assertThat(listener.of(OrchestratorEvent.Evaluated.class)).hasSize(1);
    }

    @Test
    void aTurnBudgetCapsTheContinuationAndEndsTheTaskBudgetExceeded() {
        ScriptedAgent agent = ScriptedAgent.of(stopAtTurnLimit(), stopAtTurnLimit());

        TaskResult result = orchestrator(agent).build().run(task().withBudget(Budget.UNLIMITED.withMaxTurns(3)));

        assertThat(result.status()).isEqualTo(TaskStatus.BUDGET_EXCEEDED);
        assertThat(result.reason()).contains("4 turns reached the budget of 3");
        assertThat(agent.request(0).turnsLeft()).hasValue(3);
        assertThat(agent.request(1).turnsLeft()).hasValue(1);
        assertThat(agent.request(1).maxTurns()).hasValue(2);
        assertThat(store.sessions(result.taskId())).hasSize(2);
    }

    @Test
    void theVerificationCommandIsAllowedToTheAgentUnlessSwitchedOff() {
        ScriptedAgent allowed = ScriptedAgent.of(succeed("Finished", Map.of("answer.txt", "42\n")));
        ScriptedAgent notAllowed = ScriptedAgent.of(succeed("Finished", Map.of("answer.txt", "42\n")));

        orchestrator(allowed).build().run(task());
        orchestrator(notAllowed).allowVerificationCommand(false).build().run(task());

        assertThat(allowed.request(0).allowedTools()).containsExactly("Bash(diff expected.txt answer.txt)");
        assertThat(notAllowed.request(0).allowedTools()).isEmpty();
    }

    @Test
    void aTaskThatDoesNotCompleteNamesTheRefusedToolsAndTheOptionThatAllowsThem() {
        ScriptedAgent agent = ScriptedAgent.repeating(request -> ScriptedAgent.response(
                        request, AgentOutcome.SUCCESS, "I could not run the tests.", List.of())
                .withPermissionDenials(List.of(MVN, MVN)));

        TaskResult result = orchestrator(agent).build().run(task().withMaxIterations(1));

        assertThat(result.status()).isEqualTo(TaskStatus.MAX_ITERATIONS);
        assertThat(result.reason())
                .contains(
                        "The agent was refused Bash(mvn -q test) twice",
                        "obra run --allow-tool 'Bash(mvn -q test)'",
                        "ClaudeCodeAgent.Builder.allowedTools(List.of(\"Bash(mvn -q test)\"))");
        assertThat(store.findTask(result.taskId()).orElseThrow().statusReason()).isEqualTo(result.reason());
        assertThat(store.sessions(result.taskId()).get(0).permissionDenials()).containsExactly(MVN, MVN);
        assertThat(listener.of(OrchestratorEvent.Evaluated.class)
                        .get(0)
                        .quality()
                        .issues())
                .contains("the agent was refused Bash(mvn -q test) twice");
    }

    @Test
    void aCompletedTaskGetsNoAdviceToAllowTools() {
        ScriptedAgent agent = ScriptedAgent.of(request ->
                succeed("Done", Map.of("answer.txt", "42\n")).play(request).withPermissionDenials(List.of(MVN)));

        TaskResult result = orchestrator(agent).build().run(task());

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.reason()).doesNotContain("--allow-tool");
        assertThat(store.sessions(result.taskId()).get(0).permissionDenials()).containsExactly(MVN);
    }
}
