package dev.obra.orchestrator;

import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.testing.RecordingListener;
import dev.obra.orchestrator.testing.ScriptedAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project of the loop's end-to-end tests: a working directory holding expected.txt, a task to write the answer
 * to answer.txt that a diff of the two verifies, and orchestrators recording into one store and one listener.
 */
abstract class AnswerLoopFixture {
    static final List<String> VERIFY = List.of("diff", "expected.txt", "answer.txt");

    @TempDir
    Path workdir;

    final InMemorySessionStore store = new InMemorySessionStore();
    final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void project() throws IOException {
        Files.writeString(workdir.resolve("expected.txt"), "42\n");
    }

    Orchestrator.Builder orchestrator(ScriptedAgent agent) {
        return Orchestrator.builder().agent(agent).sessionStore(store).listener(listener);
    }

    /** Returns the task to write the answer to answer.txt in the working directory, verified by {@link #VERIFY}. */
    Task task() {
        return Task.of("Write the answer to answer.txt")
                .withWorkingDirectory(workdir)
                .withVerification(VERIFY);
    }
}
