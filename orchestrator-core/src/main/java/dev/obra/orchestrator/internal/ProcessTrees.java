package dev.obra.orchestrator.internal;

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
    private ProcessTrees() {
    }

    /**
     * Sends SIGTERM to {@code root}, waits up to {@code grace} for it to exit, then SIGKILLs every descendant seen
     * before or after and the root itself, and waits for them to be gone. Returns the pids that were still alive
     * after the grace period and had to be killed.
     */
    public static List<Long> kill(ProcessHandle root, Duration grace) {
        return kill(root, grace, List.of());
    }

    /**
     * Like {@link #kill(ProcessHandle, Duration)}, and also SIGKILLs {@code known}: descendants the caller saw
     * earlier, which may have been orphaned (reparented away from {@code root}) since.
     */
    public static List<Long> kill(ProcessHandle root, Duration grace, Collection<ProcessHandle> known) {
        Set<ProcessHandle> seen = new LinkedHashSet<>(known);
        seen.addAll(root.descendants().collect(Collectors.toList()));
        root.destroy();
        try {
            root.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            seen.addAll(root.descendants().collect(Collectors.toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + root.pid() + " failed", e);
        }
        // Descendants seen now too: some may have been started during the grace period.
        seen.addAll(root.descendants().collect(Collectors.toList()));
        List<Long> killed = seen.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toList());
        seen.forEach(ProcessHandle::destroyForcibly);
        if (root.isAlive()) {
            killed.add(root.pid());
            root.destroyForcibly();
        }
        awaitGone(seen, root);
        return killed;
    }

    /**
     * SIGKILLs every process of {@code processes} that is still alive (a handle never reaches a new process that
     * reused the pid) and waits for them to be gone. Returns the pids that were alive.
     */
    public static List<Long> killAll(Collection<ProcessHandle> processes) {
        Set<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (alive.isEmpty()) {
            return List.of();
        }
        List<Long> pids = alive.stream().map(ProcessHandle::pid).collect(Collectors.toList());
        alive.forEach(ProcessHandle::destroyForcibly);
        ProcessHandle first = alive.iterator().next();
        alive.remove(first);
        awaitGone(alive, first);
        return pids;
    }

    private static void awaitGone(Set<ProcessHandle> descendants, ProcessHandle root) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean interrupted = false;
        for (ProcessHandle p : concat(descendants, root)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (TimeoutException | ExecutionException e) {
                // A zombie we cannot reap (not our child) or a process that ignores SIGKILL: nothing more to do.
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<ProcessHandle> concat(Set<ProcessHandle> set, ProcessHandle one) {
        Set<ProcessHandle> all = new LinkedHashSet<>(set);
        all.add(one);
        return all;
    }
}
