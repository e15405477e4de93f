package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.testing.WorkspaceNotes.assertHeadMoved;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.workspace.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        work = GitRepos.repository(temp.resolve("work"), Map.of("README.md", "project\n"));
        config = Files.createDirectories(temp.resolve("config"));
        record = temp.resolve("record.json");
        Files.writeString(work.resolve("old.txt"), "old\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Add old.txt");
    }

    private ClaudeCodeAgent agent(String scenario) {
        return FakeClaude.agent(work, config, scenario, "FAKE_CLAUDE_RECORD", record.toString())
                .build();
    }

    /** Runs {@code prompt} as a task of one iteration, with no judge. */
    private TaskResult runOnce(String scenario, String prompt) {
        return run(scenario, Orchestrator.builder(), Task.of(prompt).withMaxIterations(1));
    }

    private TaskResult run(String scenario, Orchestrator.Builder builder, Task task) {
        try (Orchestrator orchestrator =
                builder.agent(agent(scenario)).sessionStore(store).build()) {
            return orchestrator.run(task.withWorkingDirectory(work));
        }
    }

    @Test
    void anAgentThatCommitsItsWorkHasChangesAndIsNotToldToDoTheWork() {
        TaskResult result = runOnce("commit", "Write done.txt and commit it");

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
        TaskResult result = runOnce("commit-then-edit", "Write two files");

        assertThat(result.iterations().get(0).changes().changedFiles()).containsExactly("done.txt", "later.txt");
        assertThat(result.iterations().get(0).changes().commits()).hasSize(1);
    }

    @Test
    void anAgentThatResetsToAnOlderCommitIsReported() {
        TaskResult result = runOnce("reset", "Start over");

        WorkspaceChanges changes = result.iterations().get(0).changes();
        assertHeadMoved(changes, "a checkout of another branch or a reset");
        assertThat(changes.changedFiles()).containsExactly("old.txt");
        assertThat(result.iterations().get(0).decision().reason()).doesNotContain("Nothing changed");
    }

    @Test
    void aJudgesFailKeepsTheTaskFromCompletingAndItsIssueIsTheFeedback() throws Exception {
        try (OllamaJudge judge = OllamaJudge.onLoopback()) {
            judge.answer(
                    "{\"score\": 0.9, \"pass\": false, \"issues\": [\"criterion 2 is not "
                            + "met: no test\"], \"summary\": \"close\"}",
                    400);
            judge.answer("{\"score\": 0.9, \"pass\": true, \"issues\": [], \"summary\": " + "\"done\"}", 400);

            TaskResult result = run(
                    "success",
                    Orchestrator.builder().llm(judge.client()),
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

    private Object recorded() throws Exception {
        try (JsonReader reader = JsonReader.of(Okio.buffer(Okio.source(record)))) {
            return reader.readJsonValue();
        }
    }

    private void git(String... args) {
        GitRepos.git(work, args);
    }
}
