package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Result messages whose fields have shapes the CLI does not document but other clients meet, replayed from the
 * Claude Agent SDK for Python's tests ({@code tests/test_query.py}, {@code tests/test_errors.py}): each keeps its
 * meaning and the rest of the result instead of being thrown away whole.
 */
class OddResultFieldsTest {
    private static final SessionId SESSION = SessionId.of("0b0e2f8c-6d0e-4a8e-9d3c-2b8f4a1c9e11");
    private static final String TAIL = ",\"num_turns\":1,\"session_id\":\"" + SESSION.value()
            + "\",\"duration_ms\":1,\"duration_api_ms\":1,\"total_cost_usd\":0.007116,\"usage\":{\"input_tokens\":"
            + "1234,\"output_tokens\":56,\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":300}}\n";

    private static ScanSummary scan(String line) throws IOException {
        return new StreamScanner(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), n -> {}).scan();
    }

    private static AgentResponse classify(String line, int exit) throws IOException {
        ClaudeProcess.Finished run = new ClaudeProcess.Finished(
                ClaudeProcess.Ending.EXITED, exit, scan(line), "", Duration.ofSeconds(1), 4242, List.of());
        return Classifier.classify(
                run, AgentRequest.of("x", new SessionMode.New(SESSION)), Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    private static String result(String subtype, boolean isError, String fields) {
        return "{\"type\":\"result\",\"subtype\":\"" + subtype + "\",\"is_error\":" + isError + fields + TAIL;
    }

    @Test
    void aBareStringErrorsIsOneMessageAndTheResultIsKept() throws IOException {
        ScanSummary summary = scan(result("error_during_execution", true, ",\"errors\":\"boom\""));

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.errors()).containsExactly("boom");
        assertThat(r.usage()).isEqualTo(new Usage(1234, 56, 200, 300));
        assertThat(r.totalCostUsd()).isEqualByComparingTo("0.007116");
        assertThat(summary.malformedLines()).isZero();
    }

    @Test
    void aNumericErrorsFallsBackToTheSubtypeAndKeepsTokensAndCost() throws IOException {
        // Exit 1: this was a retriable PROCESS_FAILED with zero tokens; exit 0 a PROTOCOL error.
        for (int exit : new int[] {0, 1}) {
            AgentResponse response = classify(result("error_during_execution", true, ",\"errors\":42"), exit);

            assertThat(response.outcome()).isEqualTo(AgentOutcome.EXECUTION_ERROR);
            assertThat(response.errors()).first().asString().isEqualTo("error_during_execution");
            assertThat(response.errors()).last().asString().contains("exited with code " + exit);
            assertThat(response.usage()).isEqualTo(new Usage(1234, 56, 200, 300));
            assertThat(response.costUsd()).isEqualByComparingTo("0.007116");
        }
    }

    @Test
    void aSuccessCarryingAStringErrorsStaysASuccessWithItsError() throws IOException {
        AgentResponse response = classify(result("success", false, ",\"result\":\"Done.\",\"errors\":\"boom\""), 0);

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.text()).isEqualTo("Done.");
        assertThat(response.errors()).containsExactly("boom");
    }

    @Test
    void blankAndNonStringEntriesAreDroppedAndTheRestStripped() throws IOException {
        ResultMessage r = scan(result("error_during_execution", true, ",\"errors\":[\" \",\"x \",3,null,\"\"]"))
                .result()
                .orElseThrow();

        assertThat(r.errors()).containsExactly("x");
    }

    @Test
    void onlyBlankErrorsFallBackToTheSubtype() throws IOException {
        AgentResponse response = classify(result("error_during_execution", true, ",\"errors\":[\" \"]"), 1);

        assertThat(response.errors()).first().asString().isEqualTo("error_during_execution");
    }

    static Stream<Arguments> failuresExitingWith1() {
        return Stream.of(
                Arguments.of(
                        "max turns reported as a bare string is MAX_TURNS",
                        result("error_max_turns", true, ",\"errors\":\"Reached maximum number of turns (60)\""),
                        AgentOutcome.MAX_TURNS,
                        "Reached maximum number of turns (60)"),
                Arguments.of(
                        "an API error without text names the HTTP status",
                        result("success", true, ",\"errors\":[],\"result\":\"\",\"api_error_status\":529"),
                        AgentOutcome.API_ERROR,
                        "API error (HTTP 529)"),
                Arguments.of(
                        "an API error with text keeps the text",
                        result(
                                "success",
                                true,
                                ",\"errors\":[],\"result\":\"API Error: Stream "
                                        + "idle timeout - no chunks received\",\"api_error_status\":null,\"terminal_reason\":\"api_error\""),
                        AgentOutcome.API_ERROR,
                        "API Error: Stream idle timeout - no chunks received"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failuresExitingWith1")
    void aFailureExitingWith1HasItsOutcomeAndItsFirstError(
            String name, String line, AgentOutcome outcome, String firstError) throws IOException {
        AgentResponse response = classify(line, 1);

        assertThat(response.outcome()).isEqualTo(outcome);
        assertThat(response.errors()).first().asString().isEqualTo(firstError);
    }

    @Test
    void aStatusThatIsNoNumberIsLeftOutAndTheResultKept() throws IOException {
        ResultMessage r = scan(result("error_during_execution", true, ",\"errors\":42,\"api_error_status\":\"500\""))
                .result()
                .orElseThrow();

        assertThat(r.apiErrorStatus()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.usage().inputTokens()).isEqualTo(1234);
    }
}
