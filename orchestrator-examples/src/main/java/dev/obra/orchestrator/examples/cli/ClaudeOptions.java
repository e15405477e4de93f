package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --claude} option: which Claude Code executable to run. */
final class ClaudeOptions {
    @Option(names = "--claude", paramLabel = "PATH", description = "The claude executable (default: claude on PATH).")
    Path executable;

    @Option(
            names = "--claude-env",
            paramLabel = "NAME=VALUE",
            description = "An environment variable for claude on top of the ones it inherits (repeatable), e.g. "
                    + "--claude-env CLAUDE_CODE_MAX_RETRIES=2.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(
            names = "--claude-config-dir",
            paramLabel = "DIR",
            description = "CLAUDE_CONFIG_DIR for claude: its own login, settings and transcripts.")
    Path configDirectory;

    /** Returns an agent builder for the chosen executable, environment and config directory. */
    ClaudeCodeAgent.Builder builder() {
        ClaudeCodeAgent.Builder b = ClaudeCodeAgent.builder().environment(environment);
        if (executable != null) {
            b.executable(executable);
        }
        if (configDirectory != null) {
            b.configDirectory(configDirectory);
        }
        return b;
    }

    /** Returns the CLI's version, or empty when it cannot be run: one launch of {@code claude --version}. */
    static Optional<String> version(ClaudeCodeAgent agent) {
        try {
            return Optional.of(agent.version());
        } catch (AgentException e) {
            return Optional.empty();
        }
    }

    /** Returns what to say when the executable cannot be run. */
    String notFound() {
        return "the Claude Code CLI was not found" + (executable != null ? " at " + executable : " on PATH")
                + "; install it: " + ClaudeCodeAgent.INSTALL_HINT;
    }
}
