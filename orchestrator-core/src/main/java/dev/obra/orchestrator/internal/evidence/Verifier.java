package dev.obra.orchestrator.internal.evidence;

import dev.obra.orchestrator.internal.process.Executables;
import dev.obra.orchestrator.internal.process.ProcessTrees;
import dev.obra.orchestrator.internal.process.TailBuffer;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.quality.VerificationResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
        if (Executables.find(program, base, System.getenv().getOrDefault("PATH", "")).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Executables.isPath(program) ? "verification program "
                + base.toAbsolutePath().resolve(program) + " does not exist or is not executable"
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        directory.ifPresent(d -> builder.directory(d.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new VerificationResult(command, -1, false, "could not start " + command.get(0) + ": "
                    + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        }
        TailBuffer tail = new TailBuffer(TAIL_BYTES);
        Thread drain = new Thread(() -> tail.drainFrom(process.getInputStream(), () -> { }), "obra-verify-drain");
        drain.setDaemon(true);
        drain.start();
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                ProcessTrees.kill(process.toHandle(), GRACE);
            }
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle(), GRACE);
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        joinQuietly(drain);
        String output = tail.text();
        int exit = timedOut ? -1 : process.exitValue();
        return new VerificationResult(command, exit, timedOut, output, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = Thread.interrupted();
        try {
            thread.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
