package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.squareup.moshi.JsonReader;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okio.Okio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClaudeCodeAgent} against the fake {@code claude}, one test per scenario. */
class ClaudeCodeAgentFakeIT {
    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path temp;

    private Path work;
    private Path config;
    private Path pidFile;
    private Path record;

    @BeforeEach
    void directories() throws IOException {
        work = Files.createDirectories(temp.resolve("work dir"));
        config = Files.createDirectories(temp.resolve("config"));
        pidFile = temp.resolve("pids");
        record = temp.resolve("record.json");
    }

    private ClaudeCodeAgent.Builder agent(String scenario, String... more) {
        List<String> variables = new ArrayList<>(
                List.of("FAKE_CLAUDE_PID_FILE", pidFile.toString(), "FAKE_CLAUDE_RECORD", record.toString()));
        variables.addAll(List.of(more));
        return FakeClaude.agent(work, config, scenario, variables.toArray(String[]::new))
                .killGrace(GRACE);
    }

    private static AgentRequest newSession(String prompt) {
        return AgentRequest.of(prompt, new SessionMode.New(SessionId.random()));
    }

    private Path transcript(SessionId id) {
        String project = work.toAbsolutePath().toString().replaceAll("[^A-Za-z0-9]", "-");
        return config.resolve("projects").resolve(project).resolve(id + ".jsonl");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> recorded() throws IOException {
        try (JsonReader reader = JsonReader.of(Okio.buffer(Okio.source(record)))) {
            return (Map<String, Object>) reader.readJsonValue();
        }
    }

    @Test
    void successReportsTextTokensTurnsAndCostAndRunsAsConfigured() throws IOException {
        AgentRequest request = newSession("Create hello.txt\nwith two lines").withMaxTurns(7);
        ClaudeCodeAgent agent = agent("success")
                .model("sonnet")
                .permissionMode(PermissionMode.ACCEPT_EDITS)
                .allowedTools(List.of("Bash(git *)", "Edit"))
                .disallowedTools(List.of("WebFetch"))
                .maxTurns(9)
                .maxBudgetUsd(new BigDecimal("2.50"))
                .appendSystemPrompt("-starts with a dash ${HOME}")
                .build();

        AgentResponse response = agent.execute(request);

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.text()).isEqualTo("Created hello.txt.");
        assertThat(response.sessionId()).isEqualTo(request.sessionId());
        assertThat(response.numTurns()).isEqualTo(3);
        assertThat(response.usage()).isEqualTo(new Usage(3 * 1234, 3 * 56, 3 * 200, 3 * 300));
        assertThat(response.costUsd().toPlainString()).isEqualTo("0.021348");
        assertThat(response.reportedCostUsd()).isEqualTo(response.costUsd());
        assertThat(response.errors()).isEmpty();
        assertThat(work.resolve("hello.txt")).exists();
        assertThat(transcript(request.sessionId())).exists();
        Map<String, Object> sent = recorded();
        assertThat((List<String>) sent.get("argv"))
                .containsExactly(
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--session-id=" + request.sessionId(),
                        "--max-turns=7",
                        "--model=sonnet",
                        "--permission-mode=acceptEdits",
                        "--allowedTools=Bash(git *),Edit",
                        "--disallowedTools=WebFetch",
                        "--max-budget-usd=2.5",
                        "--append-system-prompt=-starts with a dash ${HOME}");
        assertThat(sent.get("stdin")).isEqualTo("Create hello.txt\nwith two lines");
        assertThat(sent.get("cwd")).isEqualTo(work.toRealPath().toString());
        Map<String, String> env = (Map<String, String>) sent.get("env");
        assertThat(env)
                .containsEntry("CLAUDE_CONFIG_DIR", config.toString())
                .doesNotContainKeys("CLAUDECODE", "NODE_OPTIONS", "MAVEN_OPTS", "JAVA_HOME");
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void aPromptOfAMegabyteGoesThroughStdin() throws IOException {
        // Far above the 128 KiB that one argument may have on Linux.
        String prompt = "Ünïcödé line\n".repeat(80_000);

        AgentResponse response = agent("success").build().execute(newSession(prompt));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(recorded().get("stdin")).isEqualTo(prompt);
    }

    @Test
    void resumeForksUnderTheNewIdAndCountsOnlyItsOwnCost() throws IOException {
        ClaudeCodeAgent agent = agent("success").build();
        AgentResponse first = agent.execute(newSession("first"));
        SessionId next = SessionId.random();

        AgentResponse second = agent.execute(
                AgentRequest.of("continue", new SessionMode.Resume(first.sessionId(), next, first.reportedCostUsd())));

        assertThat(second.sessionId()).isEqualTo(next);
        assertThat(second.reportedCostUsd().toPlainString()).isEqualTo("0.042696");
        assertThat(second.costUsd().toPlainString()).isEqualTo("0.021348");
        assertThat(second.usage()).isEqualTo(new Usage(3 * 1234, 3 * 56, 3 * 200, 3 * 300));
        assertThat((List<String>) recorded().get("argv"))
                .contains("--resume=" + first.sessionId(), "--fork-session", "--session-id=" + next);
        assertThat(transcript(next)).exists();
    }

    @Test
    void resumingASessionTheCliDoesNotKnowIsAConfigurationError() {
        SessionMode resume = new SessionMode.Resume(SessionId.random(), SessionId.random(), BigDecimal.ZERO);

        assertThatThrownBy(() -> agent("success").build().execute(AgentRequest.of("go on", resume)))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AgentException.Kind.CONFIGURATION);
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.getMessage()).contains("No conversation found").contains("exited with code 1");
                });
    }

    @Test
    void aCliThatRejectsAFlagIsAConfigurationError() {
        ClaudeCodeAgent olderCli =
                agent("success", "FAKE_CLAUDE_UNKNOWN", "--fork-session").build();
        SessionMode resume = new SessionMode.Resume(SessionId.random(), SessionId.random(), BigDecimal.ZERO);

        assertThatThrownBy(() -> olderCli.execute(AgentRequest.of("go on", resume)))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AgentException.Kind.CONFIGURATION);
                    assertThat(e.getMessage()).contains("error: unknown option '--fork-session'");
                });
    }

    @Test
    void maxTurnsIsAnOutcome() {
        AgentResponse response = agent("max-turns").maxTurns(2).build().execute(newSession("loop"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.MAX_TURNS);
        assertThat(response.numTurns()).isEqualTo(3);
        assertThat(response.text()).isEmpty();
        assertThat(response.errors()).first().asString().isEqualTo("Reached maximum number of turns (2)");
        assertThat(response.errors()).last().asString().contains("exited with code 1");
    }

    @Test
    void budgetIsAnOutcomeWithItsCost() {
        AgentResponse response =
                agent("budget").build().execute(newSession("spend").withMaxCostUsd(new BigDecimal("0.001")));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.BUDGET_EXCEEDED);
        assertThat(response.costUsd().toPlainString()).isEqualTo("0.007116");
        assertThat(response.usage()).isEqualTo(new Usage(1234, 56, 200, 300));
    }

    @Test
    void anOverloadedApiIsATransientError() {
        AgentResponse response = agent("api-error").build().execute(newSession("try"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.API_ERROR);
        assertThat(response.outcome().isRetriable()).isTrue();
        assertThat(response.text()).startsWith("API Error: 529");
        assertThat(response.errors()).last().asString().contains("exited with code 1");
    }

    @Test
    void aRejectedKeyIsAnAuthenticationError() {
        AgentResponse response = agent("auth-error").build().execute(newSession("try"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.AUTH_ERROR);
        assertThat(response.outcome().isRetriable()).isFalse();
    }

    @Test
    void reusingASessionIdThrowsSessionInUse() {
        ClaudeCodeAgent agent = agent("success").build();
        AgentRequest request = newSession("once");
        agent.execute(request);

        assertThatThrownBy(() -> agent.execute(request)).isInstanceOfSatisfying(SessionInUseException.class, e -> {
            assertThat(e.sessionId()).isEqualTo(request.sessionId());
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.getMessage()).contains("exited with code 1").contains("is already in use");
        });
    }

    @Test
    void aSilentCliDeafToSigtermIsKilledAtTheWallClockTimeout() {
        // Limits of 2 s: on a loaded machine the fake may take a second to start and write its pid.
        ClaudeCodeAgent agent = agent("hang").timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> agent.execute(newSession("hang")))
                .isInstanceOfSatisfying(AgentTimeoutException.class, e -> {
                    assertThat(e.isIdle()).isFalse();
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(e.getMessage()).contains("exited with code 137");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void sigtermAtTheIdleTimeoutGives143() {
        ClaudeCodeAgent agent = agent("slow").idleTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> agent.execute(newSession("wait")))
                .isInstanceOfSatisfying(AgentTimeoutException.class, e -> {
                    assertThat(e.isIdle()).isTrue();
                    assertThat(e.getMessage()).contains("exited with code 143");
                });
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void sigintFromOutsideGivesACancelledOutcome() throws Exception {
        ClaudeCodeAgent agent = agent("slow").build();
        CompletableFuture<AgentResponse> running =
                CompletableFuture.supplyAsync(() -> agent.execute(newSession("wait")));
        long pid = FakeClaude.awaitPids(pidFile, 1).get(0);

        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
        AgentResponse response = running.get(10, TimeUnit.SECONDS);

        assertThat(response.outcome()).isEqualTo(AgentOutcome.CANCELLED);
        assertThat(response.errors()).last().asString().contains("exited with code 0");
    }

    @Test
    void interruptingTheCallerStopsTheTreeAndRestoresTheFlag() throws Exception {
        ClaudeCodeAgent agent = agent("grandchild").build();
        List<Object> seen = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                agent.execute(newSession("work"));
            } catch (RuntimeException e) {
                seen.add(e);
                seen.add(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        List<Long> pids = FakeClaude.awaitPids(pidFile, 2);

        caller.interrupt();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isInstanceOf(AgentCancelledException.class);
        assertThat(seen.get(1)).isEqualTo(true);
        FakeClaude.assertGone(pids);
    }

    @Test
    void anAlreadyInterruptedCallerStartsNothing() {
        ClaudeCodeAgent agent = agent("success").build();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> agent.execute(newSession("x"))).isInstanceOf(AgentCancelledException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aGrandchildInItsOwnSessionDiesWithTheTreeAtATimeout() {
        ClaudeCodeAgent agent =
                agent("grandchild").idleTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> agent.execute(newSession("work"))).isInstanceOf(AgentTimeoutException.class);

        assertThat(FakeClaude.pids(pidFile)).hasSize(2);
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void aGrandchildLeftBehindByANormalExitIsKilled() {
        AgentResponse response = agent("grandchild-exit").build().execute(newSession("work"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(FakeClaude.pids(pidFile)).hasSize(2);
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void aLineOfElevenMegabytesIsSkipped() {
        AgentResponse response = agent("huge-line").build().execute(newSession("read"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.text()).isEqualTo("Read it.");
    }

    @Test
    void garbageLinesAreSkipped() {
        assertThat(agent("garbage").build().execute(newSession("x")).outcome()).isEqualTo(AgentOutcome.SUCCESS);
    }

    @Test
    void aTruncatedLastLineAfterTheResultIsIgnored() {
        assertThat(agent("truncated").build().execute(newSession("x")).outcome())
                .isEqualTo(AgentOutcome.SUCCESS);
    }

    @Test
    void exitZeroWithoutAResultIsAProtocolError() {
        for (String scenario : List.of("no-result", "exit-0-without-result")) {
            assertThatThrownBy(() -> agent(scenario).build().execute(newSession("x")))
                    .as(scenario)
                    .isInstanceOfSatisfying(AgentException.class, e -> {
                        assertThat(e.kind()).isEqualTo(AgentException.Kind.PROTOCOL);
                        assertThat(e.getMessage()).contains("exited with code 0");
                    });
        }
    }

    @Test
    void aCliThatLingersAfterItsResultIsStoppedAndTheResultStands() {
        ClaudeCodeAgent agent = agent("linger-after-result")
                .afterResultGrace(Duration.ofMillis(300))
                .build();
        long start = System.nanoTime();

        AgentResponse response = agent.execute(newSession("x"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        FakeClaude.assertAllGone(pidFile);
    }

    @Test
    void muchStderrNoiseIsDrainedWithoutBlocking() {
        AgentResponse response = agent("stderr-noise").build().execute(newSession("x"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
    }

    @Test
    void aGoodResultFollowedByExit1IsASuccess() {
        AgentResponse response = agent("result-then-exit-1").build().execute(newSession("x"));

        assertThat(response.outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(response.errors()).isEmpty();
    }

    @Test
    void anotherReportedSessionIdIsAProtocolError() {
        assertThatThrownBy(() -> agent("wrong-session").build().execute(newSession("x")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AgentException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("reported session");
                });
    }

    @Test
    void aCrashWithoutAResultCarriesTheExitCodeAndStderr() {
        assertThatThrownBy(() -> agent("crash").build().execute(newSession("x")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AgentException.Kind.PROCESS_FAILED);
                    assertThat(e.getMessage())
                            .contains("exited with code 3")
                            .contains("something broke inside the fake");
                });
    }

    @Test
    void bypassPermissionsAsRootWithoutIsSandboxIsAConfigurationError() {
        assumeThat(System.getProperty("user.name"))
                .as("the CLI refuses only as root")
                .isEqualTo("root");
        ClaudeCodeAgent.Builder builder = agent("success").permissionMode(PermissionMode.BYPASS_PERMISSIONS);

        assertThatThrownBy(() -> builder.build().execute(newSession("x")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AgentException.Kind.CONFIGURATION);
                    assertThat(e.getMessage()).contains("IS_SANDBOX=1");
                });
        AgentResponse allowed = agent("success", "IS_SANDBOX", "1")
                .permissionMode(PermissionMode.BYPASS_PERMISSIONS)
                .build()
                .execute(newSession("x"));
        assertThat(allowed.outcome()).isEqualTo(AgentOutcome.SUCCESS);
    }

    @Test
    void everyPermissionModeIsAChoiceTheCliAccepts() {
        for (PermissionMode mode : PermissionMode.values()) {
            AgentResponse response = agent("success", "IS_SANDBOX", "1")
                    .permissionMode(mode)
                    .build()
                    .execute(newSession("x"));
            assertThat(response.outcome()).as(mode.name()).isEqualTo(AgentOutcome.SUCCESS);
        }
    }

    @Test
    void aMissingExecutableSaysHowToInstallIt() {
        ClaudeCodeAgent missing =
                agent("success").executable(temp.resolve("no-such-claude")).build();
        ClaudeCodeAgent notOnPath =
                agent("success").executable(Path.of("no-such-claude-on-path")).build();

        assertThatThrownBy(() -> missing.execute(newSession("x"))).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.kind()).isEqualTo(AgentException.Kind.NOT_INSTALLED);
            assertThat(e.getMessage()).contains("npm install -g @anthropic-ai/claude-code");
        });
        assertThatThrownBy(notOnPath::version)
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.getMessage()).contains("not found on PATH"));
        assertThat(missing.isAvailable()).isFalse();
    }

    @Test
    void anExecutableWhosePathHasSpacesAndQuotesRuns() throws IOException {
        Path odd = Files.createDirectories(temp.resolve("tools 'n\" stuff")).resolve("claude code");
        Files.copy(FakeClaude.executable(), odd, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        ClaudeCodeAgent agent = agent("success").executable(odd).build();

        assertThat(agent.execute(newSession("x")).outcome()).isEqualTo(AgentOutcome.SUCCESS);
        assertThat(agent.version()).isEqualTo("2.1.330");
    }

    @Test
    void versionAsksTheExecutable() {
        ClaudeCodeAgent agent = agent("success").build();

        assertThat(agent.version()).isEqualTo("2.1.330");
        assertThat(agent.isAvailable()).isTrue();
    }

    @Test
    void closeStopsARunInProgress() throws Exception {
        ClaudeCodeAgent agent = agent("slow").build();
        CompletableFuture<AgentResponse> running =
                CompletableFuture.supplyAsync(() -> agent.execute(newSession("wait")));
        FakeClaude.awaitPids(pidFile, 1);

        agent.close();

        assertThat(running)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(AgentException.class);
        FakeClaude.assertAllGone(pidFile);
        assertThatThrownBy(() -> agent.execute(newSession("again"))).isInstanceOf(IllegalStateException.class);
    }
}
