package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that fails on a corrupted .claude.json is retried in the same iteration, and the retry succeeds. */
class CorruptedConfigRetryIT {
    @TempDir
    Path temp;

    @Test
    void aRunThatFindsItsConfigurationCorruptedIsRetriedAndTheTaskCompletes() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        InMemorySessionStore store = new InMemorySessionStore();
        ClaudeCodeAgent agent = FakeClaude.agent(
                        work,
                        Files.createDirectories(temp.resolve("config")),
                        "corrupted-config-once",
                        "FAKE_CLAUDE_ONCE_FILE",
                        temp.resolve("once").toString())
                .build();

        TaskResult result;
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent)
                .sessionStore(store)
                .maxIterations(1)
                .build()) {
            result = orchestrator.run(Task.of("Create hello.txt"));
        }

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(store.sessions(result.taskId()))
                .extracting(SessionRecord::attempt, SessionRecord::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, SessionStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, SessionStatus.COMPLETED));
        assertThat(store.sessions(result.taskId()).get(0).error().orElseThrow().message())
                .contains("configuration file corrupted");
    }
}
