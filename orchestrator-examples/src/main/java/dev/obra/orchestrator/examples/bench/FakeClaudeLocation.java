package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds the fake {@code claude} of orchestrator-core's test resources for the benchmarks that run it. */
final class FakeClaudeLocation {
    /** The system property that overrides the default location. */
    static final String PROPERTY = "obra.bench.fakeClaude";

    private static final String DEFAULT = "orchestrator-core/src/test/resources/fake-claude/claude";

    private FakeClaudeLocation() {}

    /** Returns the fake's path, from {@value #PROPERTY} or relative to the repository root (the working dir). */
    static Path find() {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        return path();
    }

    /** Returns why the fake cannot be run, if it cannot. */
    static Optional<String> problem() {
        Path path = path();
        if (!Files.isExecutable(path)
                && !(Files.isRegularFile(path) && path.toFile().setExecutable(true))) {
            return Optional.of("the fake claude is not at " + path + "; run from the repository root " + "or pass -D"
                    + PROPERTY + "=<path to orchestrator-core/src/test/resources/fake-claude/claude>");
        }
        return Optional.empty();
    }

    /** Returns a builder of an agent on {@code fake} in {@code work}, its config in {@code config}, with {@code env}. */
    static ClaudeCodeAgent.Builder agent(Path fake, Path work, Path config, Map<String, String> env) {
        return ClaudeCodeAgent.builder()
                .executable(fake)
                .workingDirectory(work)
                .configDirectory(config)
                .environment(env);
    }

    private static Path path() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT)).toAbsolutePath().normalize();
    }
}
