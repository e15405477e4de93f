package dev.obra.orchestrator.internal.process;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Runs a child process to its end: the tails of stdout and stderr are kept, a timeout stops the whole process tree,
 * and an interrupt of the calling thread stops it too and sets the interrupt flag again.
 */
public final class ProcessRunner {
    private ProcessRunner() {}

    /** How a run ended. */
    public enum Ending {
        /** The process exited by itself within the timeout. */
        EXITED,
        /** Its tree was stopped at the timeout. */
        TIMED_OUT,
        /** Its tree was stopped because the calling thread was interrupted (the flag is set again). */
        INTERRUPTED
    }

    /**
     * What a run came to.
     *
     * @param ending   how it ended
     * @param exitCode the exit code when it {@link Ending#EXITED}, else -1
     * @param stdout   the kept end of stdout (with stderr in it when merged)
     * @param stderr   the kept end of a separate stderr, else empty
     * @param drained  whether stdout was read to its end (false when a process that escaped holds it open)
     * @param took     the wall time
     */
    public record Outcome(Ending ending, int exitCode, String stdout, String stderr, boolean drained, Duration took) {
        /**
         * Checks the components.
         *
         * @param ending how the run ended
         * @param exitCode the exit code when the run {@link Ending#EXITED}, else -1
         * @param stdout the kept end of stdout (with stderr in it when merged)
         * @param stderr the kept end of a separate stderr, else empty
         * @param drained whether stdout was read to its end
         * @param took the run's wall time
         */
        public Outcome {
            requireNonNull(ending, "ending");
            requireNonNull(stdout, "stdout");
            requireNonNull(stderr, "stderr");
            requireNonNull(took, "took");
        }

        /**
         * Returns whether the process exited by itself with code 0 and its stdout was read whole.
         *
         * @return true for an exit by itself with code 0 and stdout drained
         */
        public boolean succeeded() {
            return ending == Ending.EXITED && exitCode == 0 && drained;
        }
    }

    /**
     * Runs {@code spec}, keeping the last {@code tailBytes} of each output stream ({@link TailBuffer#WHOLE} keeps
     * all). At {@code timeout}, or when the calling thread is interrupted, the tree gets SIGTERM, then after
     * {@code grace} SIGKILL.
     *
     * @param spec what to run
     * @param timeout the longest the process may run before its tree is stopped
     * @param grace how long the tree has between SIGTERM and SIGKILL
     * @param tailBytes how many of the last bytes of each output stream are kept ({@link TailBuffer#WHOLE}: all)
     * @return how the run ended, with the exit code, the kept output and the wall time
     * @throws ProcessStartException naming the executable when it cannot be started
     */
    public static Outcome run(ProcessSpec spec, Duration timeout, Duration grace, int tailBytes) {
        requireNonNull(timeout, "timeout");
        requireNonNull(grace, "grace");
        long start = System.nanoTime();
        TailBuffer stdout = new TailBuffer(tailBytes);
        ChildProcess child = ChildProcess.start(spec, tailBytes, () -> {}, in -> stdout.drainFrom(in, () -> {}));
        Ending ending;
        try {
            ending = child.awaitExit(timeout.toNanos()) ? Ending.EXITED : Ending.TIMED_OUT;
        } catch (InterruptedException e) {
            ending = Ending.INTERRUPTED;
        }
        if (ending != Ending.EXITED) {
            child.killTree(grace, List.of());
        }
        boolean drained = child.finish();
        if (ending == Ending.INTERRUPTED) {
            Thread.currentThread().interrupt();
        }
        int exit = ending == Ending.EXITED ? child.exitCode() : -1;
        return new Outcome(
                ending, exit, stdout.text(), child.stderrTail(), drained, Duration.ofNanos(System.nanoTime() - start));
    }
}
