package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.process.ProcessTrees;
import dev.obra.orchestrator.internal.process.TailBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.launcher.CommandLauncher;
import org.apache.commons.exec.launcher.CommandLauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the claude executable: started through Commons Exec with no shell, the prompt written to stdin which
 * is then closed, stdout scanned and stderr drained on their own threads, supervised against a wall-clock and an
 * idle timeout and against interruption, and always stopped whole: on a timeout or a cancel the root gets SIGTERM,
 * then after a grace period every descendant ever seen and the root get SIGKILL; after a normal exit every
 * descendant seen that outlived it is killed too.
 */
final class ClaudeProcess {
    private static final Logger log = LoggerFactory.getLogger(ClaudeProcess.class);
    private static final CommandLauncher LAUNCHER = CommandLauncherFactory.createVMLauncher();
    /** How much of stderr is kept for messages. */
    static final int STDERR_TAIL_BYTES = 8 * 1024;
    /** How long the reading threads get to finish once the process is gone. */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
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
    record Finished(Ending ending, int exitCode, ScanSummary scan, String stderrTail, Duration took, long pid,
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
    record Launch(List<String> command, Map<String, String> environment, Path directory, String stdin,
            Duration timeout, Duration idleTimeout, Duration grace, Duration afterResult) {
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
    }

    private final Launch launch;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private volatile long lastActivity;
    private volatile long resultAt;
    private volatile boolean resultSeen;

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
    static Finished run(Launch launch, Set<Process> running, BooleanSupplier closed) throws IOException {
        return new ClaudeProcess(launch).run(running, closed);
    }

    private Finished run(Set<Process> running, BooleanSupplier closed) throws IOException {
        CommandLine commandLine = new CommandLine(launch.command().get(0));
        for (String argument : launch.command().subList(1, launch.command().size())) {
            commandLine.addArgument(argument, false);
        }
        long start = System.nanoTime();
        lastActivity = start;
        Process process = LAUNCHER.exec(commandLine, launch.environment(), launch.directory().toFile());
        ProcessHandle handle = process.toHandle();
        LiveProcesses.add(handle);
        running.add(process);
        try {
            if (closed.getAsBoolean()) {
                ProcessTrees.kill(handle, launch.grace());
            }
            return supervise(process, start);
        } finally {
            running.remove(process);
            LiveProcesses.remove(handle);
        }
    }

    private Finished supervise(Process process, long start) {
        long pid = process.pid();
        TailBuffer stderr = new TailBuffer(STDERR_TAIL_BYTES);
        ScanSummary[] scanned = new ScanSummary[1];
        RuntimeException[] scanFailure = new RuntimeException[1];
        CountDownLatch stdoutDone = new CountDownLatch(1);
        Thread writer = daemon("obra-claude-stdin-" + pid, () -> writeStdin(process.getOutputStream()));
        Thread errors = daemon("obra-claude-stderr-" + pid,
                () -> stderr.drainFrom(process.getErrorStream(), () -> lastActivity = System.nanoTime()));
        Thread reader = daemon("obra-claude-stdout-" + pid, () -> {
            StreamScanner scanner = new StreamScanner(process.getInputStream(), new StreamScanner.Activity() {
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
                scanned[0] = scanner.scan();
            } catch (IOException e) {
                // The pipe broke (the process was killed): what was read so far stands.
                scanned[0] = scanner.summary();
            } catch (RuntimeException e) {
                scanFailure[0] = e;
            } finally {
                stdoutDone.countDown();
            }
        });
        writer.start();
        errors.start();
        reader.start();

        Ending ending = await(process, stdoutDone, start);
        List<Long> killed;
        if (ending == Ending.EXITED) {
            // No new scan: the children of an exited process have been reparented already.
            killed = ProcessTrees.killAll(seen);
        } else {
            killed = ProcessTrees.kill(process.toHandle(), launch.grace(), seen);
        }
        boolean interrupted = ending == Ending.CANCELLED | Thread.interrupted();
        boolean drained = join(stdoutDone, errors, process);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (drained && scanFailure[0] != null) {
            throw new IllegalStateException("reading the output of claude (pid " + pid + ") failed", scanFailure[0]);
        }
        // The latch orders the reader's writes of scanned[0] and scanFailure[0] before these reads.
        ScanSummary scan = drained && scanned[0] != null ? scanned[0]
                : new ScanSummary(Optional.empty(), Optional.empty(), 0, 0, 0, 0);
        if (!drained) {
            log.warn("claude (pid {}) ended but its stdout stayed open, held by a process that escaped; its output "
                    + "is ignored", pid);
        }
        String tail = stderr.text();
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new Finished(ending, exit, scan, tail, Duration.ofNanos(System.nanoTime() - start), pid, killed);
    }

    /** Waits for stdout to end and the process to exit, watching both timeouts and interruption. */
    private Ending await(Process process, CountDownLatch stdoutDone, long start) {
        long deadline = start + launch.timeout().toNanos();
        long idleNanos = launch.idleTimeout().toNanos();
        long nextSnapshot = System.nanoTime() + SNAPSHOT_NANOS;
        try {
            while (true) {
                long now = System.nanoTime();
                if (stdoutDone.getCount() == 0 && !process.isAlive()) {
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
                    snapshot(process.toHandle());
                    nextSnapshot = now + (now - start < FAST_SNAPSHOTS_FOR_NANOS ? SNAPSHOT_NANOS
                            : SLOW_SNAPSHOT_NANOS);
                }
                long wait = Math.min(Math.min(deadline - now, lastActivity + idleNanos - now), nextSnapshot - now);
                if (result) {
                    wait = Math.min(wait, lingerDeadline - now);
                }
                wait = Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
                if (stdoutDone.getCount() > 0) {
                    stdoutDone.await(wait, TimeUnit.NANOSECONDS);
                } else {
                    process.waitFor(wait, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            return Ending.CANCELLED;
        }
    }

    private void snapshot(ProcessHandle root) {
        root.descendants().forEach(seen::add);
    }

    private void writeStdin(OutputStream stdin) {
        try (stdin) {
            stdin.write(launch.stdin().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The process exited or closed stdin before reading it all; its output says what happened.
            log.debug("writing the prompt to claude's stdin failed: {}", e.toString());
        }
    }

    /** Waits a bounded time for the readers to finish and for the killed process to be reaped (its exit code). */
    private static boolean join(CountDownLatch stdoutDone, Thread errors, Process process) {
        boolean interrupted = false;
        boolean done = false;
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        try {
            done = stdoutDone.await(DRAIN_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            errors.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return done;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
