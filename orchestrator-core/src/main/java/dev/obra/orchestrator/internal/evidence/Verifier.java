package dev.obra.orchestrator.internal.evidence;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.process.Executables;
import dev.obra.orchestrator.internal.process.ProcessRunner;
import dev.obra.orchestrator.internal.process.ProcessSpec;
import dev.obra.orchestrator.internal.process.ProcessStartException;
import dev.obra.orchestrator.quality.VerificationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a task's verification command: an argument list, never a shell, in the working directory, with stdin closed,
 * stdout and stderr merged and drained into a bounded tail, and the whole process tree killed at the timeout.
 */
public final class Verifier {
    /** How much output is kept. */
    public static final int TAIL_BYTES = 8 * 1024;

    private static final Duration GRACE = Duration.ofSeconds(2);

    private final Duration timeout;

    /**
     * Creates the verifier.
     *
     * @param timeout the timeout
     */
    public Verifier(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * Returns an explanation when {@code program} cannot be found: not an existing file for a path, not on PATH for
     * a bare name.
     *
     * @param program the program
     * @param workingDirectory the working directory
     * @return an explanation when {@code program} cannot be found: not an existing file for a path, not on PATH for a bare name
     */
    public static Optional<String> findProblem(String program, Optional<Path> workingDirectory) {
        Path base = workingDirectory.orElse(Path.of(""));
        if (Executables.find(program, base, System.getenv().getOrDefault("PATH", ""))
                .isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                Executables.isPath(program)
                        ? "verification program " + base.toAbsolutePath().resolve(program)
                                + " does not exist or is not executable"
                        : "verification program '" + program + "' was not found on PATH");
    }

    /**
     * Runs {@code command} in {@code directory}. An interrupt kills the process tree, restores the interrupt flag
     * and returns a result marked as timed out.
     *
     * @param command the command
     * @param directory the directory
     * @return the verification result
     */
    public VerificationResult run(List<String> command, Optional<Path> directory) {
        long start = System.nanoTime();
        ProcessSpec spec =
                ProcessSpec.of("verify", command).withDirectory(directory).withStderr(ProcessSpec.Stderr.MERGED);
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(spec, timeout, GRACE, TAIL_BYTES);
        } catch (ProcessStartException e) {
            return new VerificationResult(command, -1, false, e.getMessage(), since(start));
        }
        boolean timedOut = outcome.ending() != ProcessRunner.Ending.EXITED;
        return new VerificationResult(command, outcome.exitCode(), timedOut, outcome.stdout(), since(start));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
