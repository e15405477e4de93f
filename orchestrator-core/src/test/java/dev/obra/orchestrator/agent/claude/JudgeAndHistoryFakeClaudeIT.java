package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okio.Okio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop with the fake {@code claude} in a real git repository: work the agent committed counts, a reset is
 * reported, and a judge's FAIL reaches the decision and the next prompt.
 */
class JudgeAndHistoryFakeClaudeIT {
    @TempDir
    Path temp;

    private Path work;
    private Path config;
    private Path record;
    private final InMemorySessionStore store = new InMemorySessionStore();

    @BeforeEach
    void repository() throws Exception {
        work = Files.createDirectories(temp.resolve("work"));
        config = Files.createDirectories(temp.resolve("config"));
        record = temp.resolve("record.json");
        git("init", "-q", "-b", "main");
        Files.writeString(work.resolve("README.md"), "project\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init");
        Files.writeString(work.resolve("old.txt"), "old\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Add old.txt");
    }

    private ClaudeCodeAgent agent(String scenario) {
        return ClaudeCodeAgent.builder()
                .executable(FakeClaude.executable())
                .workingDirectory(work)
                .configDirectory(config)
                .environment(Map.of("FAKE_CLAUDE_SCENARIO", scenario, "FAKE_CLAUDE_RECORD", record.toString()))
                .build();
    }

    private TaskResult run(String scenario, Orchestrator.Builder builder, Task task) {
        try (Orchestrator orchestrator =
                builder.agent(agent(scenario)).sessionStore(store).build()) {
            return orchestrator.run(task.withWorkingDirectory(work));
        }
    }

    @Test
    void anAgentThatCommitsItsWorkHasChangesAndIsNotToldToDoTheWork() {
        TaskResult result = run(
                "commit",
                Orchestrator.builder(),
                Task.of("Write done.txt and commit it").withMaxIterations(1));

        IterationRecord iteration = result.iterations().get(0);
        WorkspaceChanges changes = iteration.changes();
        assertThat(changes.changedFiles()).containsExactly("done.txt");
        assertThat(changes.commits()).singleElement().asString().endsWith(" Add done.txt");
        assertThat(iteration.decision().reason()).doesNotContain("Do the work itself");
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(store.iterations(result.taskId()).get(0).changes().commits()).hasSize(1);
    }

    @Test
    void anAgentThatCommitsAndThenEditsHasBoth() {
        TaskResult result = run(
                "commit-then-edit",
                Orchestrator.builder(),
                Task.of("Write two files").withMaxIterations(1));

        assertThat(result.iterations().get(0).changes().changedFiles()).containsExactly("done.txt", "later.txt");
        assertThat(result.iterations().get(0).changes().commits()).hasSize(1);
    }

    @Test
    void anAgentThatResetsToAnOlderCommitIsReported() {
        TaskResult result =
                run("reset", Orchestrator.builder(), Task.of("Start over").withMaxIterations(1));

        WorkspaceChanges changes = result.iterations().get(0).changes();
        assertThat(changes.notes())
                .singleElement()
                .asString()
                .contains("HEAD moved from")
                .contains("a checkout of another branch or a reset");
        assertThat(changes.changedFiles()).containsExactly("old.txt");
        assertThat(result.iterations().get(0).decision().reason()).doesNotContain("Nothing changed");
    }

    @Test
    void aJudgesFailKeepsTheTaskFromCompletingAndItsIssueIsTheFeedback() throws Exception {
        try (MockWebServer server = TestHttp.loopbackServer();
                OllamaClient judge = OllamaClient.builder()
                        .baseUrl(TestHttp.url(server, ""))
                        .model("m")
                        .firstByteTimeout(Duration.ofSeconds(10))
                        .build()) {
            server.enqueue(json(
                    200,
                    ollama("{\"score\": 0.9, \"pass\": false, \"issues\": [\"criterion 2 is not "
                            + "met: no test\"], \"summary\": \"close\"}")));
            server.enqueue(
                    json(200, ollama("{\"score\": 0.9, \"pass\": true, \"issues\": [], \"summary\": " + "\"done\"}")));

            TaskResult result = run(
                    "success",
                    Orchestrator.builder().llm(judge),
                    Task.of("Write hello.txt")
                            .withAcceptanceCriteria(List.of("hello.txt exists", "there is a test"))
                            .withMaxIterations(2));

            IterationRecord first = result.iterations().get(0);
            assertThat(first.quality().orElseThrow().verdict()).isEqualTo(QualityScore.Verdict.FAIL);
            assertThat(first.quality().orElseThrow().score()).isEqualTo(0.9);
            assertThat(first.decision()).isNotInstanceOf(Decision.Proceed.class);
            assertThat(first.decision().reason())
                    .contains("criterion 2 is not met: no test")
                    .contains("contradicts itself");
            assertThat(result.iterations()).hasSize(2);
            assertThat(result.iterations().get(1).decision()).isInstanceOf(Decision.Proceed.class);
            assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
            // The second session's prompt, as the CLI received it, carries the judge's issue.
            assertThat(recorded().toString()).contains("criterion 2 is not met: no test");
        }
    }

    private static String ollama(String content) {
        return "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content.replace("\"", "\\\"") + "\"},\"done\":true,\"done_reason\":\"stop\","
                + "\"prompt_eval_count\":400,\"eval_count\":30}";
    }

    private Object recorded() throws Exception {
        try (JsonReader reader = JsonReader.of(Okio.buffer(Okio.source(record)))) {
            return reader.readJsonValue();
        }
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", command, out).isZero();
    }
}
