package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.workspace.GitRepos.assertCleanWithOneWorktree;
import static dev.obra.orchestrator.workspace.GitRepos.fingerprint;
import static dev.obra.orchestrator.workspace.GitRepos.git;
import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Text;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.ToolUse;
import dev.obra.orchestrator.testing.WorktreeTasks;
import dev.obra.orchestrator.workspace.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tasks at once on one repository with the real CLI (scripted API), each in its own worktree and branch. */
class WorktreeTasksRealCliIT {
    private static final Pattern WORD = Pattern.compile("EDIT: ([a-z]+)");

    @TempDir
    Path temp;

    @Test
    void twoRealClisAtOnceEachDeliverTheirOwnWriteOnTheirOwnBranch() throws Exception {
        // given
        Path claude = RealClaude.executable();
        Path repo = repository(temp.resolve("repo"));
        String before = fingerprint(repo);
        String head = git(repo, "rev-parse", "HEAD").strip();
        Path config = temp.resolve("config");
        List<String> words = List.of("alpha", "beta");
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(body -> {
            if (body.contains("\"tool_result\"")) {
                return new Text("Wrote it.");
            }
            Matcher m = WORD.matcher(body);
            return new ToolUse(
                    "Write", Map.of("file_path", "notes.txt", "content", (m.find() ? m.group(1) : "none") + "\n"));
        })) {
            ClaudeCodeAgent agent = RealClaude.agent(claude, api, repo, temp)
                    .timeout(Duration.ofMinutes(3))
                    .build();

            // when
            List<TaskResult> results = WorktreeTasks.writeEachWord(
                    WorktreeTasks.orchestrator(agent, words.size()), words, "notes.txt", Duration.ofMinutes(5));

            // then
            for (int i = 0; i < words.size(); i++) {
                TaskResult result = results.get(i);
                assertThat(result.status())
                        .as("%s: %s", words.get(i), result.reason())
                        .isEqualTo(TaskStatus.COMPLETED);
                Delivery delivery = result.delivery().orElseThrow();
                String commit = delivery.commit().orElseThrow();
                assertThat(git(repo, "show", commit + ":notes.txt")).isEqualTo(words.get(i) + "\n");
                assertThat(git(repo, "diff", "--name-only", head, commit).strip())
                        .isEqualTo("notes.txt");
                assertThat(delivery.worktree()).isEmpty();
            }
        }
        assertThat(fingerprint(repo)).isEqualTo(before);
        assertCleanWithOneWorktree(repo);
        Object parsed = new Moshi.Builder()
                .build()
                .adapter(Object.class)
                .fromJson(Files.readString(config.resolve(".claude.json")));
        assertThat(parsed).as("the CLI's .claude.json").isInstanceOf(Map.class);
    }
}
