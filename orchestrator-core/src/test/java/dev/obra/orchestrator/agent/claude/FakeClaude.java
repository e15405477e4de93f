package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.testing.Polling;
import dev.obra.orchestrator.testing.ProcessChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fake {@code claude} of {@code src/test/resources/fake-claude}, run from the source tree so that a lost exec
 * bit in a copy cannot break it, plus checks on the processes it started.
 */
final class FakeClaude {
    static final Path EXECUTABLE = Path.of(System.getProperty("basedir", "."))
            .resolve("src/test/resources/fake-claude/claude")
            .toAbsolutePath()
            .normalize();

    private FakeClaude() {}

    /** Returns the fake's path, executable. */
    static Path executable() {
        if (!Files.isExecutable(EXECUTABLE) && !EXECUTABLE.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + EXECUTABLE + " executable");
        }
        return EXECUTABLE;
    }

    /**
     * Returns a builder for an agent that runs the fake in {@code work} with {@code config} as its config directory,
     * playing {@code scenario}, with more variables given as name, value pairs.
     */
    static ClaudeCodeAgent.Builder agent(Path work, Path config, String scenario, String... variables) {
        Map<String, String> env = new HashMap<>(Map.of("FAKE_CLAUDE_SCENARIO", scenario));
        for (int i = 0; i < variables.length; i += 2) {
            env.put(variables[i], variables[i + 1]);
        }
        return ClaudeCodeAgent.builder()
                .executable(executable())
                .workingDirectory(work)
                .configDirectory(config)
                .environment(env);
    }

    /** Returns the pids the fake wrote to {@code pidFile}: its own first, then any grandchild. */
    static List<Long> pids(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return List.of();
            }
            return Files.readAllLines(pidFile).stream()
                    .filter(l -> !l.isBlank())
                    .map(Long::parseLong)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless every pid in {@code pidFile} is gone within a few seconds. */
    static void assertAllGone(Path pidFile) {
        List<Long> pids = pids(pidFile);
        assertThat(pids).as("pids written by the fake").isNotEmpty();
        assertGone(pids);
    }

    /** Fails unless every pid in {@code pids} is gone within a few seconds. */
    static void assertGone(List<Long> pids) {
        assertThat(ProcessChecks.survivors(pids, Duration.ofSeconds(5)))
                .as("processes that must not survive")
                .isEmpty();
    }

    /** Waits until {@code pidFile} lists {@code count} pids, or fails after ten seconds. */
    static List<Long> awaitPids(Path pidFile, int count) {
        // polling a file the fake writes: there is no event to wait on
        List<Long> pids = Polling.poll(() -> pids(pidFile), listed -> listed.size() >= count, Duration.ofSeconds(10));
        if (pids.size() < count) {
            throw new AssertionError(pidFile + " never listed " + count + " pids: " + pids);
        }
        return pids;
    }
}
