package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.SessionInUseException;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Failure;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Step;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Text;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.ToolUse;
import dev.obra.orchestrator.testing.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClaudeCodeAgent} on the real Claude Code CLI 2.1.330, offline: the CLI talks to a scripted Messages API on
 * loopback, so it really runs its tools in a temporary working directory.
 */
class ClaudeCodeAgentRealCliIT {
    /** What the CLI charges for one scripted call (claude-opus-5-5 list prices, reference fixtures). */
    private static final String ONE_CALL_USD = "0.007116";

    @TempDir
    Path temp;

    private Path claude;
    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        claude = RealClaude.executable();
        work = Files.createDirectories(temp.resolve("work"));
    }

    private ClaudeCodeAgent.Builder agent(ScriptedAnthropicApi api) throws IOException {
        return RealClaude.agent(claude, api, work, temp)
                .allowedTools(List.of("Bash"))
                .idleTimeout(Duration.ofSeconds(60));
    }

    private static AgentRequest newSession(String prompt) {
        return AgentRequest.of(prompt, new SessionMode.New(SessionId.random()));
    }

    private Path transcript(SessionId id) {
        return temp.resolve("config")
                .resolve("projects")
                .resolve(work.toString().replaceAll("[^A-Za-z0-9]", "-"))
                .resolve(id + ".jsonl");
    }

    private static List<Step> writeThenAnswer(String file, String content, String answer) {
        return List.of(new ToolUse("Write", Map.of("file_path", file, "content", content)), new Text(answer));
    }

    @Test
    void aTwoTurnSuccessReportsExactlyWhatTheCliCounted() throws IOException {
        try (ScriptedAnthropicApi api =
                new ScriptedAnthropicApi(writeThenAnswer("hello.txt", "hello\n", "Created hello.txt."))) {
            AgentRequest request = newSession("Create hello.txt");

            AgentResponse response = agent(api).build().execute(request);

            assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
            assertThat(response.text()).isEqualTo("Created hello.txt.");
            assertThat(response.sessionId()).isEqualTo(request.sessionId());
            assertThat(response.numTurns()).isEqualTo(2);
            assertThat(response.usage()).isEqualTo(RealClaude.usage(2));
            assertThat(response.costUsd().toPlainString()).isEqualTo("0.014232");
            assertThat(response.reportedCostUsd()).isEqualTo(response.costUsd());
            assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("hello\n");
            assertThat(transcript(request.sessionId())).exists();
            assertThat(api.loopRequests()).hasSize(2);
            assertThat(api.loopRequests().get(0)).contains("Create hello.txt");
        }
    }

    @Test
    void aForkedResumeKeepsTheConversationUnderOurNewIdAndReportsItsOwnCost() throws IOException {
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(
                new ToolUse("Write", Map.of("file_path", "a.txt", "content", "a\n")),
                new Text("Wrote a."),
                new ToolUse("Bash", Map.of("command", "echo b > b.txt", "description", "write b")),
                new Text("Wrote b.")))) {
            ClaudeCodeAgent agent = agent(api).build();
            AgentResponse first = agent.execute(newSession("Write a.txt, remember the word PELICAN"));
            SessionId next = SessionId.random();

            AgentResponse second = agent.execute(AgentRequest.of(
                    "Now write b.txt", new SessionMode.Resume(first.sessionId(), next, first.reportedCostUsd())));

            assertThat(second.outcome()).isEqualTo(AgentOutcome.SUCCESS);
            assertThat(second.sessionId()).isEqualTo(next);
            assertThat(second.reportedCostUsd().toPlainString()).isEqualTo("0.028464");
            assertThat(second.costUsd().toPlainString()).isEqualTo("0.014232");
            assertThat(second.usage().inputTokens()).isEqualTo(2 * ScriptedAnthropicApi.INPUT);
            assertThat(Files.readString(work.resolve("b.txt"))).isEqualTo("b\n");
            assertThat(transcript(next)).exists();
            String resumedRequest = api.loopRequests().get(2);
            assertThat(resumedRequest).contains("PELICAN").contains("Now write b.txt");
        }
    }

    @Test
    void theTurnLimitIsAnOutcome() throws IOException {
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(
                List.of(new ToolUse("Write", Map.of("file_path", "x.txt", "content", "x\n"))))) {
            AgentResponse response = agent(api).maxTurns(1).build().execute(newSession("Keep writing"));

            assertThat(response.outcome()).isEqualTo(AgentOutcome.MAX_TURNS);
            assertThat(response.numTurns()).isEqualTo(2);
            assertThat(response.errors()).first().asString().contains("maximum number of turns (1)");
        }
    }

    /** A project whose check.py writes ran.txt, and a model that runs it with Bash and then answers. */
    private ScriptedAnthropicApi runningTheCheck() throws IOException {
        Files.writeString(work.resolve("check.py"), "open('ran.txt', 'w').write('ran')\n");
        return new ScriptedAnthropicApi(List.of(
                new ToolUse("Bash", Map.of("command", "python3 check.py", "description", "run the check")),
                new Text("Done.")));
    }

    /**
     * Runs {@link #runningTheCheck()} through an argv-recording wrapper (its log under {@code bin}) with only
     * {@code allowedTools} allowed.
     */
    private AgentResponse runTheCheckAllowing(List<String> allowedTools) throws IOException {
        try (ScriptedAnthropicApi api = runningTheCheck()) {
            Path wrapper = RealClaude.recordingArgv(claude, Files.createDirectories(temp.resolve("bin")));
            return agent(api)
                    .executable(wrapper)
                    .allowedTools(allowedTools)
                    .build()
                    .execute(newSession("Run the check"));
        }
    }

    @Test
    void underAcceptEditsABashCallIsRefusedAndTheDenialReported() throws IOException {
        AgentResponse response = runTheCheckAllowing(List.of());

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.permissionDenials()).singleElement().satisfies(d -> {
            assertThat(d.tool()).isEqualTo("Bash");
            assertThat(d.toolUseId()).startsWith("toolu_");
            assertThat(d.input()).contains("\"command\":\"python3 check.py\"");
            assertThat(d.rule()).isEqualTo("Bash(python3 check.py)");
        });
        assertThat(work.resolve("ran.txt")).doesNotExist();
        assertThat(RealClaude.recordedArgv(temp.resolve("bin")).get(0))
                .contains("--permission-mode=acceptEdits")
                .noneMatch(a -> a.startsWith("--allowedTools"));
    }

    @Test
    void anAllowedBashRuleLetsTheCallRunWithoutADenial() throws IOException {
        AgentResponse response = runTheCheckAllowing(List.of("Bash(python3 *)"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.permissionDenials()).isEmpty();
        assertThat(Files.readString(work.resolve("ran.txt"))).isEqualTo("ran");
        assertThat(RealClaude.recordedArgv(temp.resolve("bin")).get(0)).contains("--allowedTools=Bash(python3 *)");
    }

    @Test
    void anOverloadedApiIsTransient() throws IOException {
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(new Failure(529, "overloaded_error")))) {
            AgentResponse response = agent(api).build().execute(newSession("Try"));

            assertThat(response.outcome()).isEqualTo(AgentOutcome.API_ERROR);
            assertThat(response.outcome().isRetriable()).isTrue();
            assertThat(response.costUsd()).isZero();
        }
    }

    @Test
    void aRejectedKeyIsAnAuthenticationError() throws IOException {
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(new Failure(401, "authentication_error")))) {
            AgentResponse response = agent(api).build().execute(newSession("Try"));

            assertThat(response.outcome()).isEqualTo(AgentOutcome.AUTH_ERROR);
            assertThat(response.text()).contains("401");
        }
    }

    @Test
    void reusingAnIdThrowsSessionInUse() throws IOException {
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(new Text("Hi.")))) {
            ClaudeCodeAgent agent = agent(api).build();
            AgentRequest request = newSession("Say hi");
            assertThat(agent.execute(request).outcome()).isEqualTo(AgentOutcome.SUCCESS);

            assertThatThrownBy(() -> agent.execute(request))
                    .isInstanceOf(SessionInUseException.class)
                    .hasMessageContaining("exited with code 1");
        }
    }

    @Test
    void anIdleTimeoutDuringALongBashCommandLeavesNoProcessBehind() throws Exception {
        // A distinctive duration, so the test can find the one sleep that this CLI's Bash tool starts.
        String seconds = Integer.toString(600 + (int) (UUID.randomUUID().getLeastSignificantBits() & 0xff));
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(
                new ToolUse(
                        "Bash",
                        Map.of("command", "echo started > started.txt && sleep " + seconds, "description", "wait")),
                new Text("Done.")))) {
            ClaudeCodeAgent agent =
                    agent(api).idleTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<AgentResponse> run =
                    CompletableFuture.supplyAsync(() -> agent.execute(newSession("Wait a long time")));
            ProcessHandle sleep = awaitProcess("sleep " + seconds, Duration.ofSeconds(30));

            assertThat(run)
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOfSatisfying(
                            AgentTimeoutException.class,
                            e -> assertThat(e.isIdle()).isTrue());
            FakeClaude.assertGone(List.of(sleep.pid()));
            assertThat(findProcess("sleep " + seconds)).isEmpty();
        }
    }

    private static ProcessHandle awaitProcess(String commandLine, Duration limit) {
        // polling the process table: there is no event to wait on
        return Polling.poll(() -> findProcess(commandLine), Optional::isPresent, limit)
                .orElseThrow(() -> new AssertionError("no process '" + commandLine + "' within " + limit));
    }

    private static Optional<ProcessHandle> findProcess(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p ->
                        p.info().commandLine().map(c -> c.endsWith(commandLine)).orElse(false))
                .findFirst();
    }
}
