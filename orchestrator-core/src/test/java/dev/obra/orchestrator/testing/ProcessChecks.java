package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.internal.process.ProcessTrees;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Checks on processes a test started, for tests that must show none of them survives. */
public final class ProcessChecks {
    private ProcessChecks() {}

    /**
     * Returns whether process {@code pid} is still running. A zombie is dead: only its parent (PID 1 for an orphan)
     * has yet to reap it, so it counts as gone.
     *
     * @param pid the process
     * @return whether it runs
     */
    public static boolean running(long pid) {
        return ProcessHandle.of(pid).filter(p -> !ProcessTrees.isGone(p)).isPresent();
    }

    /**
     * Polls until none of {@code pids} runs or {@code limit} has passed, and returns the ones still running.
     *
     * @param pids the processes
     * @param limit how long to wait at the most
     * @return those that still run, in the order given; empty when all are gone
     */
    public static List<Long> survivors(Collection<Long> pids, Duration limit) {
        return Polling.poll(() -> pids.stream().filter(ProcessChecks::running).toList(), List::isEmpty, limit);
    }
}
