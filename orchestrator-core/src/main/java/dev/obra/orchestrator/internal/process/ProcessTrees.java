package dev.obra.orchestrator.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Stops a process and everything it started. Children that moved into their own session or process group (Claude
 * Code's Bash tool does this) survive a kill of the parent's group, so descendants are collected while the parent
 * is still alive and killed one by one.
 */
public final class ProcessTrees {
    private ProcessTrees() {}

    /**
     * Sends SIGTERM to {@code root}, waits up to {@code grace} for it to exit, then SIGKILLs every descendant seen
     * before or after, the root itself and {@code known} (descendants the caller saw earlier, which may have been
     * orphaned, reparented away from {@code root}, since), and waits for them to be gone. Returns the pids that were
     * still alive after the grace period and had to be killed.
     *
     * @param root the root
     * @param grace the grace
     * @param known descendants seen earlier, killed too
     * @return the list
     */
    public static List<Long> kill(ProcessHandle root, Duration grace, Collection<ProcessHandle> known) {
        Set<ProcessHandle> seen = new LinkedHashSet<>(known);
        seen.addAll(root.descendants().collect(Collectors.toList()));
        root.destroy();
        try {
            root.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Still running: SIGKILL follows.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + root.pid() + " failed", e);
        }
        // Descendants seen now too: some may have been started during the grace period.
        seen.addAll(root.descendants().collect(Collectors.toList()));
        List<Long> killed = seen.stream()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toList());
        seen.forEach(ProcessHandle::destroyForcibly);
        if (root.isAlive()) {
            killed.add(root.pid());
            root.destroyForcibly();
        }
        seen.add(root);
        awaitGone(seen);
        return killed;
    }

    /**
     * SIGKILLs every process of {@code processes} that is still alive (a handle never reaches a new process that
     * reused the pid) and waits for them to be gone. Returns the pids that were alive.
     *
     * @param processes the processes
     * @return the list
     */
    public static List<Long> killAll(Collection<ProcessHandle> processes) {
        Set<ProcessHandle> alive =
                processes.stream().filter(ProcessHandle::isAlive).collect(Collectors.toCollection(LinkedHashSet::new));
        if (alive.isEmpty()) {
            return List.of();
        }
        List<Long> pids = alive.stream().map(ProcessHandle::pid).collect(Collectors.toList());
        alive.forEach(ProcessHandle::destroyForcibly);
        awaitGone(alive);
        return pids;
    }

    /**
     * Waits up to 10 s for the processes to be gone, polling: {@code onExit()} of a process that is not our child
     * polls too, but from 300 ms upwards, which made every stop of a tree with grandchildren take a second.
     */
    private static void awaitGone(Collection<ProcessHandle> processes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<ProcessHandle> waiting = new LinkedHashSet<>(processes);
        while (true) {
            waiting.removeIf(ProcessTrees::isGone);
            if (waiting.isEmpty() || System.nanoTime() - deadline >= 0) {
                // Past the deadline: a process that ignores SIGKILL (uninterruptible I/O); nothing more to do.
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Returns whether {@code process} has ended: not alive, or a zombie (dead, waiting to be reaped). An orphan is
     * reaped by PID 1, which in some containers takes seconds, and {@link ProcessHandle#isAlive()} counts a zombie
     * as alive until then.
     *
     * @param process the process
     * @return whether {@code process} has ended: not alive, or a zombie (dead, waiting to be reaped)
     */
    public static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            int end = line.lastIndexOf(')');
            return end > 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !process.isAlive(); // no /proc (not Linux), or the process went away meanwhile
        }
    }
}
