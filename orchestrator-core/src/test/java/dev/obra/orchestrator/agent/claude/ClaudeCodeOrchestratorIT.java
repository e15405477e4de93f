package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Text;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.ToolUse;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator driving the real Claude Code CLI (offline, scripted API) through two iterations: the first
 * attempt fails the task's verification command, the retry passes it.
 */
class ClaudeCodeOrchestratorIT {

    @TempDir
    Path temp;

    private Path claude;
    private Path work;
    private final InMemorySessionStore store = new InMemorySessionStore();

    @BeforeEach
    void setUp() throws IOException {
        claude = RealClaude.executable();
        work = Files.createDirectories(temp.resolve("work"));
    }

    /** A task of at most three iterations, verified by {@code file} holding exactly the line {@code line}. */
    private static Task task(String prompt, String line, String file) {
        return Task.of(prompt)
                .withVerification(List.of("grep", "-qx", line, file))
                .withMaxIterations(3);
    }

    private TaskResult run(ClaudeCodeAgent.Builder agent, Task task) {
        try (Orchestrator orchestrator =
                Orchestrator.builder().agent(agent.build()).sessionStore(store).build()) {
            return orchestrator.run(task);
        }
    }

    @Test
    void aFailedVerificationIsRetriedInAFreshSessionAndEverySessionIsRecorded() throws Exception {
        // given
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(
                new ToolUse("Write", Map.of("file_path", "answer.txt", "content", "41\n")),
                new Text("Wrote the answer."),
                new ToolUse("Write", Map.of("file_path", "answer.txt", "content", "42\n")),
                new Text("Fixed the answer.")))) {
            Task task = task("Write the answer to answer.txt", "42", "answer.txt");

            // when
            TaskResult result = run(RealClaude.agent(claude, api, work, temp), task);

            // then
            assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(result.output()).isEqualTo("Fixed the answer.");
            assertThat(result.iterations()).hasSize(2);
            assertThat(result.iterations().get(0).decision()).isInstanceOf(Decision.Retry.class);
            assertThat(Files.readString(work.resolve("answer.txt"))).isEqualTo("42\n");

            List<SessionRecord> sessions = store.sessions(task.id());
            assertThat(sessions).hasSize(2);
            assertThat(sessions).extracting(SessionRecord::iteration).containsExactly(1, 2);
            assertThat(sessions).extracting(SessionRecord::status).containsOnly(SessionStatus.COMPLETED);
            assertThat(sessions).extracting(SessionRecord::mode).containsOnly(SessionRecord.Mode.NEW);
            assertThat(sessions.get(0).sessionId()).isNotEqualTo(sessions.get(1).sessionId());
            assertThat(result.iterations())
                    .extracting(i -> i.sessionId())
                    .containsExactly(
                            sessions.get(0).sessionId(), sessions.get(1).sessionId());
            Path project = temp.resolve("config")
                    .resolve("projects")
                    .resolve(work.toString().replaceAll("[^A-Za-z0-9]", "-"));
            for (SessionRecord s : sessions) {
                assertThat(project.resolve(s.sessionId() + ".jsonl"))
                        .as("transcript of %s", s.sessionId())
                        .exists();
                assertThat(s.usage()).isEqualTo(RealClaude.usage(2));
                assertThat(s.numTurns()).isEqualTo(2);
                assertThat(s.costUsd()).isEqualByComparingTo("0.014232");
            }
            TaskMetrics metrics = result.metrics();
            assertThat(metrics).isEqualTo(store.taskMetrics(task.id()));
            assertThat(metrics.iterations()).isEqualTo(2);
            assertThat(metrics.sessions()).isEqualTo(2);
            assertThat(metrics.turns()).isEqualTo(4);
            assertThat(metrics.inputTokens()).isEqualTo(4 * ScriptedAnthropicApi.INPUT);
            assertThat(metrics.costUsd()).isEqualByComparingTo(new BigDecimal("0.028464"));
            assertThat(api.loopRequests()).hasSize(4);
            assertThat(api.loopRequests().get(2)).contains("grep -qx 42 answer.txt");
        }
    }

    @Test
    void aTurnLimitStopIsResumedInTheSameIterationWithARaisedLimitOnTheCommandLine() throws Exception {
        // given: a task that needs two tool calls, an agent allowed one turn per invocation
        Path wrapper = RealClaude.recordingArgv(claude, Files.createDirectories(temp.resolve("bin")));
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(
                new ToolUse("Write", Map.of("file_path", "a.txt", "content", "a\n")),
                new ToolUse("Write", Map.of("file_path", "b.txt", "content", "b\n")),
                new Text("Wrote a.txt and b.txt.")))) {
            Task task = task("Write a.txt, then b.txt", "b", "b.txt");

            // when
            TaskResult result = run(RealClaude.agent(wrapper, api, work, temp).maxTurns(1), task);

            // then
            assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(result.iterations()).hasSize(1);
            assertThat(Files.readString(work.resolve("a.txt"))).isEqualTo("a\n");
            assertThat(Files.readString(work.resolve("b.txt"))).isEqualTo("b\n");
            List<SessionRecord> sessions = store.sessions(task.id());
            assertThat(sessions).hasSize(2);
            assertThat(sessions).extracting(SessionRecord::iteration).containsExactly(1, 1);
            assertThat(sessions).extracting(SessionRecord::attempt).containsExactly(1, 2);
            assertThat(sessions)
                    .extracting(SessionRecord::mode)
                    .containsExactly(SessionRecord.Mode.NEW, SessionRecord.Mode.RESUME);
            assertThat(sessions.get(0).error())
                    .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo("MAX_TURNS"));
            assertThat(sessions.get(1).status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(sessions.get(1).parentSessionId())
                    .contains(sessions.get(0).sessionId());

            List<List<String>> argv = RealClaude.recordedArgv(temp.resolve("bin"));
            assertThat(argv).hasSize(2);
            assertThat(argv.get(0)).contains("--session-id=" + sessions.get(0).sessionId(), "--max-turns=1");
            assertThat(argv.get(1))
                    .contains(
                            "--resume=" + sessions.get(0).sessionId(),
                            "--fork-session",
                            "--session-id=" + sessions.get(1).sessionId());
            int raised = argv.get(1).stream()
                    .filter(a -> a.startsWith("--max-turns="))
                    .mapToInt(a -> Integer.parseInt(a.substring("--max-turns=".length())))
                    .findFirst()
                    .orElseThrow();
            assertThat(raised).isGreaterThanOrEqualTo(2);
            System.out.println("continuation argv: " + argv.get(1));

            // Money once: the resumed run reports the conversation's total, the session keeps only its own part.
            BigDecimal oneCall = new BigDecimal("0.007116");
            int calls = api.loopRequests().size();
            assertThat(sessions.get(1).reportedCostUsd())
                    .isEqualByComparingTo(oneCall.multiply(BigDecimal.valueOf(calls)));
            assertThat(sessions.get(0).costUsd().add(sessions.get(1).costUsd()))
                    .isEqualByComparingTo(sessions.get(1).reportedCostUsd());
            assertThat(result.metrics().costUsd()).isEqualByComparingTo(oneCall.multiply(BigDecimal.valueOf(calls)));
            assertThat(result.metrics().sessions()).isEqualTo(2);
        }
    }
}
