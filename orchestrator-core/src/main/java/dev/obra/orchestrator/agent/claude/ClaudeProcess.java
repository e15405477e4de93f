package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.process.ChildProcess;
import dev.obra.orchestrator.internal.process.ProcessSpec;
import dev.obra.orchestrator.internal.process.ProcessStartException;
import dev.obra.orchestrator.internal.process.ProcessTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the claude executable: started as a {@link ChildProcess} with no shell, the prompt written to stdin
 * which is then closed, stdout scanned and stderr drained on their own threads, supervised against a wall-clock and an
 * idle timeout and against interruption, and always stopped whole: on a timeout or a cancel the root gets SIGTERM,
 * then after a grace period every descendant ever seen and the root get SIGKILL; after a normal exit every
 * descendant seen that outlived it is killed too.
 */
final class ClaudeProcess {
    private static final Logger log = LoggerFactory.getLogger(ClaudeProcess.class);
    /** How much of stderr is kept for messages. */
    static final int STDERR_TAIL_BYTES = 8 * 1024;
    /**
     * How often descendants are collected while the process runs, so that orphans can be found after it exits:
     * often at first, when short runs start and end their tools, then less (one scan of /proc costs about 1 ms).
     */
    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long SLOW_SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long FAST_SNAPSHOTS_FOR_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** How a run ended. */
    enum Ending {
        /** The process exited by itself. */
        EXITED,
        /** Stopped at the wall-clock timeout. */
        TIMED_OUT,
        /** Stopped after the idle timeout (no output). */
        IDLE_TIMED_OUT,
        /** Stopped because the calling thread was interrupted. */
        CANCELLED,
        /** Stopped because it had reported a result but did not exit within the grace for that. */
        LINGERED
    }

    /**
     * What one run came to.
     *
     * @param ending     how it ended
     * @param exitCode   the exit code; 128 + n for a death by signal n
     * @param scan       what stdout held
     * @param stderrTail the end of stderr
     * @param took       the wall time
     * @param pid        the process id
     * @param killed     pids that had to be killed (the root on a timeout, leftover descendants)
     */
    record Finished(
            Ending ending,
            int exitCode,
            ScanSummary scan,
            String stderrTail,
            Duration took,
            long pid,
            List<Long> killed) {
        Finished {
            requireNonNull(ending, "ending");
            requireNonNull(scan, "scan");
            requireNonNull(stderrTail, "stderrTail");
            requireNonNull(took, "took");
            killed = List.copyOf(killed);
        }
    }

    /**
     * What to run and its limits.
     *
     * @param command     the executable and its arguments
     * @param environment the complete environment of the child
     * @param directory   its working directory
     * @param stdin       what to write to its stdin before closing it
     * @param timeout     the wall-clock limit
     * @param idleTimeout the longest silence (no stdout or stderr) allowed
     * @param grace       how long SIGTERM is given before SIGKILL
     * @param afterResult how long the process may live on after it reported a result
     */
    record Launch(
            List<String> command,
            Map<String, String> environment,
            Path directory,
            String stdin,
            Duration timeout,
            Duration idleTimeout,
            Duration grace,
            Duration afterResult) {
        Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            requireNonNull(directory, "directory");
            requireNonNull(stdin, "stdin");
            requireNonNull(timeout, "timeout");
            requireNonNull(idleTimeout, "idleTimeout");
            requireNonNull(grace, "grace");
            requireNonNull(afterResult, "afterResult");
        }

        /** Shows the launch without environment values or the prompt, which may hold secrets. */
        @Override
        public String toString() {
            return "Launch[command=" + command + ", environment=" + new TreeSet<>(environment.keySet())
                    + ", directory=" + directory + ", stdin=" + stdin.length() + " chars, timeout=" + timeout
                    + ", idleTimeout=" + idleTimeout + ", grace=" + grace + ", afterResult=" + afterResult + "]";
        }
    }

    private final Launch launch;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private volatile long lastActivity;
    private volatile long resultAt;
    private volatile boolean resultSeen;
    /** Written by the stdout thread before the process's stdout latch opens; read after it. */
    private ScanSummary scanned;

    private RuntimeException scanFailure;

    private ClaudeProcess(Launch launch) {
        this.launch = launch;
    }

    /**
     * Runs {@code launch} to its end. When the calling thread is interrupted the process tree is stopped, the
     * interrupt flag is set again and the run ends {@link Ending#CANCELLED}.
     *
     * @param running holds the process while it runs (for {@code close()} of the agent)
     * @param closed  asked once the process is in {@code running}; when true the process is stopped at once
     * @throws IOException when the process cannot be started
     */
    static Finished run(Launch launch, Set<ChildProcess> running, BooleanSupplier closed) throws IOException {
        return new ClaudeProcess(launch).run(running, closed);
    }

    private Finished run(Set<ChildProcess> running, BooleanSupplier closed) throws IOException {
        ProcessSpec spec = ProcessSpec.of("claude", launch.command())
                .withEnvironment(launch.environment())
                .withDirectory(launch.directory())
                .withStdin(launch.stdin());
        long start = System.nanoTime();
        lastActivity = start;
        ChildProcess process;
        try {
            process = ChildProcess.start(spec, STDERR_TAIL_BYTES, () -> lastActivity = System.nanoTime(), this::scan);
        } catch (ProcessStartException e) {
            throw e.getCause();
        }
        ProcessHandle handle = process.handle();
        LiveProcesses.add(handle);
        running.add(process);
        try {
            if (closed.getAsBoolean()) {
                process.killTree(launch.grace(), List.of());
            }
            return supervise(process, start);
        } finally {
            running.remove(process);
            LiveProcesses.remove(handle);
        }
    }

    /** Reads stdout to its end (on the stdout thread of the process). */
    private void scan(InputStream stdout) {
        StreamScanner scanner = new StreamScanner(stdout, new StreamScanner.Activity() {
            @Override
            public void read(int bytes) {
                lastActivity = System.nanoTime();
            }

            @Override
            public void result() {
                resultAt = System.nanoTime();
                resultSeen = true;
            }
        });
        try {
            scanned = scanner.scan();
        } catch (IOException e) {
            // The pipe broke (the process was killed): what was read so far stands.
            scanned = scanner.summary();
        } catch (RuntimeException e) {
            scanFailure = e;
        }
    }

    private Finished supervise(ChildProcess process, long start) {
        long pid = process.pid();
        Ending ending = await(process, start);
        List<Long> killed;
        if (ending == Ending.EXITED) {
            // No new scan: the children of an exited process have been reparented already.
            killed = ProcessTrees.killAll(seen);
        } else {
            killed = process.killTree(launch.grace(), seen);
        }
        boolean interrupted = ending == Ending.CANCELLED | Thread.interrupted();
        boolean drained = process.finish();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (drained && scanFailure != null) {
            throw new IllegalStateException("reading the output of claude (pid " + pid + ") failed", scanFailure);
        }
        // The stdout latch of the process orders the reader's writes of scanned and scanFailure before these reads.
        ScanSummary scan =
                drained && scanned != null ? scanned : new ScanSummary(Optional.empty(), Optional.empty(), 0, 0, 0, 0);
        if (!drained) {
            log.warn(
                    "claude (pid {}) ended but its stdout stayed open, held by a process that escaped; its output "
                            + "is ignored",
                    pid);
        }
        String tail = process.stderrTail();
        int exit = process.exitCode();
        return new Finished(ending, exit, scan, tail, Duration.ofNanos(System.nanoTime() - start), pid, killed);
    }

    /** Waits for stdout to end and the process to exit, watching both timeouts and interruption. */
    private Ending await(ChildProcess process, long start) {
        long deadline = start + launch.timeout().toNanos();
        long idleNanos = launch.idleTimeout().toNanos();
        long nextSnapshot = System.nanoTime() + SNAPSHOT_NANOS;
        try {
            while (true) {
                long now = System.nanoTime();
                if (process.stdoutDone() && !process.isAlive()) {
                    return Ending.EXITED;
                }
                if (now - deadline >= 0) {
                    return Ending.TIMED_OUT;
                }
                if (now - lastActivity >= idleNanos) {
                    return Ending.IDLE_TIMED_OUT;
                }
                // Read once: the reader thread may set it between two reads, and the deadline needs resultAt.
                boolean result = resultSeen;
                long lingerDeadline = result ? resultAt + launch.afterResult().toNanos() : Long.MAX_VALUE;
                if (result && now - lingerDeadline >= 0) {
                    return Ending.LINGERED;
                }
                if (now - nextSnapshot >= 0) {
                    snapshot(process.handle());
                    nextSnapshot =
                            now + (now - start < FAST_SNAPSHOTS_FOR_NANOS ? SNAPSHOT_NANOS : SLOW_SNAPSHOT_NANOS);
                }
                long wait = Math.min(Math.min(deadline - now, lastActivity + idleNanos - now), nextSnapshot - now);
                if (result) {
                    wait = Math.min(wait, lingerDeadline - now);
                }
                wait = Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
                if (!process.stdoutDone()) {
                    process.awaitStdout(wait);
                } else {
                    process.awaitExit(wait);
                }
            }
        } catch (InterruptedException e) {
            return Ending.CANCELLED;
        }
    }

    private void snapshot(ProcessHandle root) {
        root.descendants().forEach(seen::add);
    }
}
