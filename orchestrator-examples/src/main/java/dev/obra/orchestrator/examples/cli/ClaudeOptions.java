package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --claude} option: which Claude Code executable to run. */
final class ClaudeOptions {
    @Option(names = "--claude", paramLabel = "PATH", description = "The claude executable (default: claude on PATH).")
    Path executable;

    /** Returns an agent builder for the chosen executable. */
    ClaudeCodeAgent.Builder builder() {
        ClaudeCodeAgent.Builder b = ClaudeCodeAgent.builder();
        if (executable != null) {
            b.executable(executable);
        }
        return b;
    }

    /** Returns what to say when the executable cannot be run. */
    String notFound() {
        return "the Claude Code CLI was not found" + (executable != null ? " at " + executable : " on PATH")
                + "; install it: " + ClaudeCodeAgent.INSTALL_HINT;
    }
}
