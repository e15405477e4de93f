package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results with oddly shaped fields ({@code errors} as a string or a number, blank entries, a status without text),
 * written by the fake {@code claude} and read through {@link ClaudeCodeAgent} and the loop.
 */
class OddResultsFakeIT {
    @TempDir
    Path temp;

    private ClaudeCodeAgent agent(String scenario, String... more) throws IOException {
        Path work = Files.createDirectories(temp.resolve("work"));
        return FakeClaude.agent(work, Files.createDirectories(temp.resolve("config")), scenario, more)
                .killGrace(Duration.ofMillis(300))
                .build();
    }

    private static AgentRequest newSession() {
        return AgentRequest.of("go", new SessionMode.New(SessionId.random()));
    }

    /** Runs {@code scenario} in a new session and checks its outcome and first error; returns the response. */
    private AgentResponse runExpecting(String scenario, AgentOutcome outcome, String firstError) throws IOException {
        AgentResponse response = agent(scenario).execute(newSession());

        assertThat(response.outcome()).isEqualTo(outcome);
        assertThat(response.errors()).first().asString().isEqualTo(firstError);
        return response;
    }

    @Test
    void maxTurnsWhoseErrorsIsAStringIsMaxTurns() throws IOException {
        AgentResponse response =
                runExpecting("errors-string-max-turns", AgentOutcome.MAX_TURNS, "Reached maximum number of turns (60)");

        assertThat(response.numTurns()).isEqualTo(60);
        assertThat(response.usage()).isEqualTo(new Usage(1234, 56, 200, 300));
        assertThat(response.costUsd()).isEqualByComparingTo("0.007116");
    }

    @Test
    void aNumericErrorsWithExit0IsAnExecutionErrorNamedBySubtype() throws IOException {
        AgentResponse response = runExpecting("errors-number", AgentOutcome.EXECUTION_ERROR, "error_during_execution");

        assertThat(response.costUsd()).isEqualByComparingTo("0.007116");
    }

    @Test
    void aSuccessCarryingAStringErrorsKeepsBothItsTextAndTheError() throws IOException {
        AgentResponse response = agent("success-errors-string").execute(newSession());

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.text()).isEqualTo("Done, mostly.");
        assertThat(response.errors()).containsExactly("boom");
    }

    @Test
    void anApiErrorWithOnlyBlankErrorsNamesTheHttpStatus() throws IOException {
        AgentResponse response = runExpecting("api-error-no-text", AgentOutcome.API_ERROR, "API error (HTTP 529)");

        assertThat(response.errors()).noneMatch(String::isBlank);
    }

    @Test
    void theLoopRecordsANumericErrorsResultOnceWithItsTokensAndCost() throws IOException {
        // Exit 1 with "errors":42 was a retriable PROCESS_FAILED: three attempts, each with zero tokens and cost.
        InMemorySessionStore store = new InMemorySessionStore();
        Task task = Task.of("go").withMaxIterations(1);

        TaskResult result;
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent("errors-number", "FAKE_CLAUDE_EXIT", "1"))
                .sessionStore(store)
                .build()) {
            result = orchestrator.run(task);
        }

        List<SessionRecord> sessions = store.sessions(task.id());
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).usage()).isEqualTo(new Usage(1234, 56, 200, 300));
        assertThat(sessions.get(0).costUsd()).isEqualByComparingTo("0.007116");
        assertThat(result.metrics().costUsd()).isEqualByComparingTo("0.007116");
        assertThat(result.metrics().inputTokens()).isEqualTo(1234);
    }
}
