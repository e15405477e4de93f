package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.SessionInUseException;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The classification order of {@code docs/claude-code.md}, on the real CLI's recorded outputs. */
class ClassifierTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration IDLE = Duration.ofMinutes(15);

    private static ClaudeProcess.Finished fixture(String name, ClaudeProcess.Ending ending) throws IOException {
        ScanSummary scan = new StreamScanner(new ByteArrayInputStream(Fixtures.stdout(name)), n -> {}).scan();
        return new ClaudeProcess.Finished(
                ending, Fixtures.exitCode(name), scan, Fixtures.stderr(name), Duration.ofSeconds(1), 4242, List.of());
    }

    private static ClaudeProcess.Finished bare(ClaudeProcess.Ending ending, int exit, String stdout, String stderr)
            throws IOException {
        ScanSummary scan =
                new StreamScanner(new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8)), n -> {}).scan();
        return new ClaudeProcess.Finished(ending, exit, scan, stderr, Duration.ofSeconds(1), 4242, List.of());
    }

    /** A request under the id the fixture reported, so the session check passes. */
    private static AgentRequest requestFor(ClaudeProcess.Finished run) {
        String id = run.scan()
                .result()
                .flatMap(ResultMessage::sessionId)
                .orElse(SessionId.random().value());
        return AgentRequest.of("prompt", new SessionMode.New(SessionId.of(id)));
    }

    private static AgentResponse classify(ClaudeProcess.Finished run) {
        return Classifier.classify(run, requestFor(run), TIMEOUT, IDLE);
    }

    @Test
    void recordedOutcomesAreClassifiedByTheirResult() throws IOException {
        assertThat(classify(fixture("success-stream-json", ClaudeProcess.Ending.EXITED))
                        .outcome())
                .isEqualTo(AgentOutcome.SUCCESS);
        assertThat(classify(fixture("success-json-verbose", ClaudeProcess.Ending.EXITED))
                        .outcome())
                .isEqualTo(AgentOutcome.SUCCESS);
        assertThat(classify(fixture("max-turns-stream-json", ClaudeProcess.Ending.EXITED))
                        .outcome())
                .isEqualTo(AgentOutcome.MAX_TURNS);
        assertThat(classify(fixture("budget-json", ClaudeProcess.Ending.EXITED)).outcome())
                .isEqualTo(AgentOutcome.BUDGET_EXCEEDED);
        assertThat(classify(fixture("api-529-stream-json", ClaudeProcess.Ending.EXITED))
                        .outcome())
                .isEqualTo(AgentOutcome.API_ERROR);
        assertThat(classify(fixture("api-401-json", ClaudeProcess.Ending.EXITED))
                        .outcome())
                .isEqualTo(AgentOutcome.AUTH_ERROR);
    }

    @Test
    void aSuccessCarriesExactlyWhatTheCliReported() throws IOException {
        AgentResponse r = classify(fixture("success-json", ClaudeProcess.Ending.EXITED));

        assertThat(r.text()).isEqualTo("Created hello.txt.");
        assertThat(r.numTurns()).isEqualTo(2);
        assertThat(r.usage()).isEqualTo(new Usage(2468, 112, 400, 600));
        assertThat(r.costUsd().toPlainString()).isEqualTo("0.014232");
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(526));
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aResumedSessionSubtractsThePreviousCumulativeCostAndCountsOnlyItsOwnTokens() throws IOException {
        // The real CLI reported 0.014232 for a first run and 0.028464 for its fork of the same size.
        String result = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"ok\","
                + "\"session_id\":\"%s\",\"num_turns\":2,\"total_cost_usd\":0.028464000000000003,"
                + "\"usage\":{\"input_tokens\":2468,\"output_tokens\":112,\"cache_creation_input_tokens\":400,"
                + "\"cache_read_input_tokens\":600},\"modelUsage\":{\"m\":{\"inputTokens\":4936,\"outputTokens\":224,"
                + "\"cacheCreationInputTokens\":800,\"cacheReadInputTokens\":1200}}}\n";
        SessionId next = SessionId.random();
        ClaudeProcess.Finished run = bare(ClaudeProcess.Ending.EXITED, 0, String.format(result, next), "");

        AgentResponse r = Classifier.classify(
                run,
                AgentRequest.of("go on", new SessionMode.Resume(SessionId.random(), next, new BigDecimal("0.014232"))),
                TIMEOUT,
                IDLE);
        AgentResponse overcharged = Classifier.classify(
                run,
                AgentRequest.of("go on", new SessionMode.Resume(SessionId.random(), next, new BigDecimal("0.05"))),
                TIMEOUT,
                IDLE);

        assertThat(r.costUsd().toPlainString()).isEqualTo("0.014232");
        assertThat(r.reportedCostUsd().toPlainString()).isEqualTo("0.028464");
        assertThat(r.usage()).isEqualTo(new Usage(2468, 112, 400, 600));
        assertThat(overcharged.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void sessionInUseIsItsOwnException() throws IOException {
        ClaudeProcess.Finished run = fixture("session-in-use", ClaudeProcess.Ending.EXITED);
        AgentRequest request =
                AgentRequest.of("x", new SessionMode.New(SessionId.of("5005bff2-b73c-480a-a021-426b07e737df")));

        assertThatThrownBy(() -> Classifier.classify(run, request, TIMEOUT, IDLE))
                .isInstanceOfSatisfying(SessionInUseException.class, e -> {
                    assertThat(e.sessionId()).isEqualTo(request.sessionId());
                    assertThat(e.getMessage()).contains("exited with code 1").contains("is already in use");
                });
    }

    @Test
    void aParseableResultWinsOverTheTimeoutThatFollowedIt() throws IOException {
        AgentResponse r = classify(fixture("success-stream-json", ClaudeProcess.Ending.IDLE_TIMED_OUT));

        assertThat(r.outcome()).isEqualTo(AgentOutcome.SUCCESS);
    }

    @Test
    void aCancelWinsOverEverything() throws IOException {
        ClaudeProcess.Finished run = fixture("success-stream-json", ClaudeProcess.Ending.CANCELLED);

        assertThatThrownBy(() -> classify(run)).isInstanceOf(AgentCancelledException.class);
    }

    @Test
    void withoutAResultTimeoutsExitCodesAndStderrDecide() throws IOException {
        assertThatThrownBy(() -> classify(bare(ClaudeProcess.Ending.TIMED_OUT, 143, "", "")))
                .isInstanceOfSatisfying(
                        AgentTimeoutException.class, e -> assertThat(e.isIdle()).isFalse());
        assertThatThrownBy(() -> classify(bare(ClaudeProcess.Ending.IDLE_TIMED_OUT, 143, "", "")))
                .isInstanceOfSatisfying(
                        AgentTimeoutException.class, e -> assertThat(e.isIdle()).isTrue());
        assertThat(kindOf(bare(ClaudeProcess.Ending.EXITED, 0, "{\"type\":\"system\"}\n", "")))
                .isEqualTo(AgentException.Kind.PROTOCOL);
        assertThat(kindOf(bare(ClaudeProcess.Ending.EXITED, 137, "", "")))
                .isEqualTo(AgentException.Kind.PROCESS_FAILED);
        assertThat(kindOf(
                        bare(ClaudeProcess.Ending.EXITED, 1, "", "Error: Invalid session ID. Must be a valid UUID.\n")))
                .isEqualTo(AgentException.Kind.CONFIGURATION);
        assertThat(kindOf(bare(
                        ClaudeProcess.Ending.EXITED,
                        1,
                        "",
                        "--dangerously-skip-permissions cannot be used "
                                + "with root/sudo privileges for security reasons\n")))
                .isEqualTo(AgentException.Kind.CONFIGURATION);
        assertThat(kindOf(bare(ClaudeProcess.Ending.EXITED, 1, "", "No conversation found with session ID: x\n")))
                .isEqualTo(AgentException.Kind.CONFIGURATION);
    }

    @Test
    void aCorruptedConfigurationFileIsTransientAndRetried() throws IOException {
        AgentException.Kind kind = kindOf(bare(
                ClaudeProcess.Ending.EXITED,
                1,
                "",
                "Claude configuration file at "
                        + "/home/u/.claude.json is corrupted: JSON Parse error: Unexpected EOF\n"));

        assertThat(kind).isEqualTo(AgentException.Kind.PROCESS_FAILED);
        assertThat(kind.isRetriable()).isTrue();
    }

    @Test
    void apiFailuresAreSortedByStatusTypeAndText() {
        assertThat(outcome(true, "success", 429, null, null, "")).isEqualTo(AgentOutcome.API_ERROR);
        assertThat(outcome(true, "success", 500, null, null, "")).isEqualTo(AgentOutcome.API_ERROR);
        assertThat(outcome(true, "success", 403, null, null, "")).isEqualTo(AgentOutcome.AUTH_ERROR);
        assertThat(outcome(true, "success", 400, null, null, "")).isEqualTo(AgentOutcome.REQUEST_ERROR);
        assertThat(outcome(true, "success", null, "overloaded_error", null, "")).isEqualTo(AgentOutcome.API_ERROR);
        assertThat(outcome(true, "success", null, null, "authentication_failed", ""))
                .isEqualTo(AgentOutcome.AUTH_ERROR);
        assertThat(outcome(true, "success", null, null, null, "Not logged in · Please run /login"))
                .isEqualTo(AgentOutcome.AUTH_ERROR);
        assertThat(outcome(
                        true,
                        "success",
                        null,
                        null,
                        null,
                        "API Error: Connection refused — a firewall or proxy " + "may be blocking it (ECONNREFUSED)"))
                .isEqualTo(AgentOutcome.API_ERROR);
        assertThat(outcome(true, "error_during_execution", null, null, null, ""))
                .isEqualTo(AgentOutcome.EXECUTION_ERROR);
        assertThat(outcome(false, "success", null, null, null, "")).isEqualTo(AgentOutcome.SUCCESS);
    }

    private static AgentOutcome outcome(
            boolean isError, String subtype, Integer status, String type, String assistantError, String text) {
        ResultMessage r = new ResultMessage(
                subtype,
                isError,
                Optional.of(text),
                List.of(),
                Optional.empty(),
                1,
                Optional.empty(),
                BigDecimal.ZERO,
                Usage.ZERO,
                Optional.empty(),
                status == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(status),
                Optional.ofNullable(type),
                Optional.empty(),
                Optional.empty(),
                List.of());
        return Classifier.outcome(r, Optional.ofNullable(assistantError));
    }

    private static AgentException.Kind kindOf(ClaudeProcess.Finished run) {
        try {
            classify(run);
        } catch (AgentException e) {
            assertThat(e.getMessage()).contains("pid 4242");
            return e.kind();
        }
        throw new AssertionError("no exception for " + run);
    }
}
