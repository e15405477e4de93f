package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The outcome of a task's verification command.
 *
 * @param command    the argument list that ran
 * @param exitCode   its exit code (-1 when it could not start or was killed at its timeout)
 * @param timedOut   whether it was killed at its timeout
 * @param outputTail the last lines of its combined stdout and stderr
 * @param duration   how long it ran, kept to the millisecond
 */
public record VerificationResult(
        List<String> command, int exitCode, boolean timedOut, String outputTail, Duration duration) {

    /**
     * Creates the value, checking its components.
     *
     * @param command the argument list that ran
     * @param exitCode its exit code (-1 when it could not start or was killed at its timeout)
     * @param timedOut whether it was killed at its timeout
     * @param outputTail the last lines of its combined stdout and stderr
     * @param duration how long it ran, kept to the millisecond
     */
    public VerificationResult {
        command = List.copyOf(requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        requireNonNull(outputTail, "outputTail");
        duration = requireNonNull(duration, "duration").truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Returns whether the command ran to the end and exited 0.
     *
     * @return whether the command ran to the end and exited 0
     */
    public boolean passed() {
        return exitCode == 0 && !timedOut;
    }
}
