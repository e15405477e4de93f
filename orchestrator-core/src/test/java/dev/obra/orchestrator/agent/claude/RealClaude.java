package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real Claude Code CLI for integration tests, from {@code OBRA_CLAUDE_EXECUTABLE} (.ci/setup.d installs the
 * pinned version). Without it the tests skip with a message, except on CI ({@code CI=true}), where they fail.
 */
final class RealClaude {
    static final String VARIABLE = "OBRA_CLAUDE_EXECUTABLE";

    private RealClaude() {
    }

    /** Returns the executable, or skips the calling test (fails it on CI) when there is none. */
    static Path executable() {
        Optional<Path> path = Optional.ofNullable(System.getenv(VARIABLE)).filter(s -> !s.isBlank()).map(Path::of);
        boolean present = path.filter(Files::isExecutable).isPresent();
        String why = VARIABLE + " must name the Claude Code CLI 2.1.330 (bash .ci/run installs it); it is "
                + path.map(p -> p + ", which is not an executable file").orElse("not set");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(present).as("on CI " + why).isTrue();
        }
        assumeTrue(present, "skipping: " + why);
        return path.get();
    }

    /** Returns the environment that points the CLI at {@code api} with a dummy key, a temporary home and no retries. */
    static Map<String, String> offline(ScriptedAnthropicApi api, Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("ANTHROPIC_BASE_URL", api.baseUrl());
        env.put("ANTHROPIC_API_KEY", "sk-ant-test-000");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_TELEMETRY", "1");
        return env;
    }
}
