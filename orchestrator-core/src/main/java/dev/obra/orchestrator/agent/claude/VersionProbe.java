package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.internal.process.ProcessRunner;
import dev.obra.orchestrator.internal.process.ProcessSpec;
import dev.obra.orchestrator.internal.process.ProcessStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code claude --version} with the process runner; output is kept bounded. */
final class VersionProbe {
    private static final Pattern VERSION = Pattern.compile("([0-9]+\\.[0-9]+\\.[0-9]+)");
    private static final Duration GRACE = Duration.ofSeconds(1);

    private VersionProbe() {}

    static String version(Path program, Map<String, String> env, Optional<Path> directory, Duration timeout) {
        ProcessSpec spec = ProcessSpec.of("claude-version", List.of(program.toString(), "--version"))
                .withEnvironment(env)
                .withDirectory(directory);
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(spec, timeout, GRACE, 4096);
        } catch (ProcessStartException e) {
            throw new AgentException(
                    AgentException.Kind.NOT_INSTALLED,
                    "could not run " + program + " --version (" + e.reason() + "); install the CLI with `"
                            + ClaudeCodeAgent.INSTALL_HINT + "`",
                    e);
        }
        String stdout = outcome.stdout();
        if (outcome.ending() == ProcessRunner.Ending.INTERRUPTED) {
            throw new AgentCancelledException(program + " --version was cancelled by an interrupt");
        }
        if (outcome.ending() == ProcessRunner.Ending.TIMED_OUT) {
            throw new AgentException(
                    AgentException.Kind.TIMEOUT, program + " --version did not answer within " + timeout);
        }
        Matcher m = VERSION.matcher(stdout);
        if (outcome.exitCode() != 0 || !m.find()) {
            throw new AgentException(
                    AgentException.Kind.PROCESS_FAILED,
                    program + " --version exited with code "
                            + outcome.exitCode() + " and printed '" + stdout.strip() + "', stderr: "
                            + outcome.stderr().strip());
        }
        return m.group(1);
    }
}
