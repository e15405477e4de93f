package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fake {@code claude} and a new temporary folder for its runs, with a work folder to run in and a config folder
 * for {@code CLAUDE_CONFIG_DIR}.
 */
record FakeClaudeRuns(Path executable, Path temp, Path work, Path config) {
    /** Finds the fake and makes the folders in a new temporary folder whose name starts with {@code prefix}. */
    static FakeClaudeRuns create(String prefix) throws IOException {
        Path fake = FakeClaudeLocation.find();
        Path temp = Files.createTempDirectory(prefix);
        return new FakeClaudeRuns(
                fake,
                temp,
                Files.createDirectories(temp.resolve("work")),
                Files.createDirectories(temp.resolve("config")));
    }

    /** Returns an agent on the fake in the work folder, with {@code environment} for the fake (its scenario). */
    ClaudeCodeAgent agent(Map<String, String> environment) {
        return FakeClaudeLocation.agent(executable, work, config, environment).build();
    }
}
