package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Text;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.ToolUse;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.store.InMemorySessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI (offline, scripted API) edits a tracked file and writes a new one in a git repository;
 * the judge request that follows carries both changes as a diff.
 */
class JudgeSeesTheChangeRealCliIT {
    @TempDir
    Path temp;

    @Test
    void theJudgeRequestAfterARealCliSessionCarriesItsEdit() throws Exception {
        // given
        Path claude = RealClaude.executable();
        Path work = repository(temp.resolve("work"), Map.of("greeting.txt", "hello\nworld\n"));
        String greeting = work.resolve("greeting.txt").toString();
        try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(List.of(
                        new ToolUse("Read", Map.of("file_path", greeting)),
                        new ToolUse(
                                "Edit", Map.of("file_path", greeting, "old_string", "world", "new_string", "judge")),
                        new ToolUse(
                                "Write",
                                Map.of("file_path", work.resolve("answer.txt").toString(), "content", "42\n")),
                        new Text("Greeted the judge and wrote the answer.")));
                OllamaJudge judge = OllamaJudge.onLoopback()) {
            judge.answer("{\"score\": 0.9, \"pass\": true, \"issues\": [], \"summary\": \"greets the judge\"}", 700);
            ClaudeCodeAgent agent = RealClaude.agent(claude, api, work, temp).build();
            Task task = Task.of("Greet the judge in greeting.txt and write 42 to answer.txt")
                    .withWorkingDirectory(work)
                    .withMaxIterations(1);

            // when
            TaskResult result;
            try (Orchestrator orchestrator = Orchestrator.builder()
                    .agent(agent)
                    .llm(judge.client())
                    .sessionStore(new InMemorySessionStore())
                    .build()) {
                result = orchestrator.run(task);
            }

            // then
            assertThat(Files.readString(work.resolve("greeting.txt"))).isEqualTo("hello\njudge\n");
            RecordedRequest request = judge.server().takeRequest();
            String prompt = (String) TestHttp.messages(request).get(1).get("content");
            assertThat(prompt)
                    .contains("--- a/greeting.txt\n+++ b/greeting.txt\n")
                    .contains("-world\n")
                    .contains("+judge\n")
                    .contains("+++ b/answer.txt\n")
                    .contains("+42\n")
                    .contains("- modified greeting.txt *")
                    .contains("- added answer.txt *");
            assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        }
    }
}
