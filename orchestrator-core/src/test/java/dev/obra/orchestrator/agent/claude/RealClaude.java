package dev.obra.orchestrator.agent.claude;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.testing.Required;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Claude Code CLI for integration tests, from {@code OBRA_CLAUDE_EXECUTABLE} (.ci/setup.d installs the
 * pinned version). Without it the tests skip with a message, except on CI ({@code CI=true}), where they fail.
 */
public final class RealClaude {
    static final String VARIABLE = "OBRA_CLAUDE_EXECUTABLE";
    private static final String ARGV_LOG = "argv.log";

    private RealClaude() {}

    /** Returns the executable, or skips the calling test (fails it on CI) when there is none. */
    public static Path executable() {
        Optional<Path> path = Optional.ofNullable(System.getenv(VARIABLE))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        return path.filter(Files::isExecutable)
                .orElseGet(() -> Required.missing(VARIABLE
                        + " must name the Claude Code CLI 2.1.330 (bash .ci/run installs it); it is "
                        + path.map(p -> p + ", which is not an executable file").orElse("not set")));
    }

    /** Returns the environment that points the CLI at {@code api} with a dummy key, a temporary home and no retries. */
    public static Map<String, String> offline(ScriptedAnthropicApi api, Path home) {
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

    /**
     * Returns a builder for an agent that runs {@code executable} in {@code work}, offline against {@code api}, with
     * its config and home directories made under {@code temp} ({@code config}, {@code home}), accepting edits, and
     * a timeout of two minutes.
     */
    static ClaudeCodeAgent.Builder agent(Path executable, ScriptedAnthropicApi api, Path work, Path temp)
            throws IOException {
        return ClaudeCodeAgent.builder()
                .executable(executable)
                .workingDirectory(work)
                .configDirectory(Files.createDirectories(temp.resolve("config")))
                .environment(offline(api, Files.createDirectories(temp.resolve("home"))))
                .permissionMode(PermissionMode.ACCEPT_EDITS)
                .timeout(Duration.ofMinutes(2));
    }

    /** Returns the usage the CLI reports for {@code calls} calls to a {@link ScriptedAnthropicApi}. */
    static Usage usage(int calls) {
        return new Usage(
                calls * ScriptedAnthropicApi.INPUT,
                calls * ScriptedAnthropicApi.OUTPUT,
                calls * ScriptedAnthropicApi.CACHE_CREATION,
                calls * ScriptedAnthropicApi.CACHE_READ);
    }

    /**
     * Writes a wrapper into {@code directory} that appends its argument list to {@code argv.log} there, one JSON
     * array a line, and then execs {@code claude} with the same arguments: the test sees exactly the argv the real CLI
     * got. Returns the wrapper.
     */
    public static Path recordingArgv(Path claude, Path directory) throws IOException {
        Path wrapper = directory.resolve("claude-recording-argv");
        Files.writeString(wrapper, """
                #!/usr/bin/env python3
                import json, os, sys
                with open(%s, 'a') as log:
                    log.write(json.dumps(sys.argv[1:]) + '\\n')
                os.execv(%s, [%s] + sys.argv[1:])
                """.formatted(
                        pyString(directory.resolve(ARGV_LOG).toString()),
                        pyString(claude.toString()),
                        pyString(claude.toString())));
        wrapper.toFile().setExecutable(true);
        return wrapper;
    }

    /** Returns the argument lists the wrapper in {@code directory} recorded, oldest first, without the program. */
    @SuppressWarnings("unchecked")
    public static List<List<String>> recordedArgv(Path directory) throws IOException {
        Path log = directory.resolve(ARGV_LOG);
        if (!Files.exists(log)) {
            return List.of();
        }
        JsonAdapter<List<String>> adapter =
                new Moshi.Builder().build().adapter(Types.newParameterizedType(List.class, String.class));
        List<List<String>> all = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                all.add(adapter.fromJson(line));
            }
        }
        return all;
    }

    private static String pyString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
