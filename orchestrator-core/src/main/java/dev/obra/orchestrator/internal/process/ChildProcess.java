package dev.obra.orchestrator.internal.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started child process with the threads that serve it: stdin written from a string and closed (or the null
 * device), stdout handed to a reader, stderr drained into a bounded tail (or merged, or discarded by the operating
 * system). The one way this library launches and stops a process: {@link ProcessRunner} runs one to its end,
 * the Claude agent supervises one itself. Stopping always takes the whole tree ({@link ProcessTrees}).
 *
 * <p>Built on {@link ProcessBuilder}: it redirects at the operating-system level (stderr into stdout in write
 * order, stderr discarded, stdin from the null device), which a launcher taking only a command line cannot.
 */
public final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    /** How long the reading threads get to finish once the process has exited or been killed. */
    public static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    private static final File NULL_DEVICE =
            new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");

    private final Process process;
    private final TailBuffer stderr;
    private final CountDownLatch stdoutDone = new CountDownLatch(1);
    private final Optional<Thread> stderrDrain;

    private ChildProcess(Process process, TailBuffer stderr, Optional<Thread> stderrDrain) {
        this.process = process;
        this.stderr = stderr;
        this.stderrDrain = stderrDrain;
    }

    /**
     * Starts {@code spec}, then the threads that write its stdin, read its stdout with {@code stdoutReader} (which
     * should read to the end; the stream is closed after it) and drain a separate stderr.
     *
     * @param spec            what to run: command, directory, environment, stdin and where stderr goes
     * @param stderrTailBytes how much of a separate stderr is kept
     * @param onStderr        called before each chunk of a separate stderr is kept (activity)
     * @param stdoutReader    reads the process's stdout on its own thread, to the end
     * @return the started process, with its stdin, stdout and stderr threads running
     * @throws ProcessStartException naming the executable when it cannot be started
     */
    public static ChildProcess start(
            ProcessSpec spec, int stderrTailBytes, Runnable onStderr, Consumer<InputStream> stdoutReader) {
        requireNonNull(spec, "spec");
        requireNonNull(onStderr, "onStderr");
        requireNonNull(stdoutReader, "stdoutReader");
        ProcessBuilder builder = new ProcessBuilder(spec.command());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        spec.directory().ifPresent(d -> builder.directory(d.toFile()));
        if (spec.stdin().isEmpty()) {
            builder.redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        }
        switch (spec.stderr()) {
            case MERGED -> builder.redirectErrorStream(true);
            case DISCARDED -> builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            case SEPARATE -> {}
            default -> throw new IllegalStateException("unhandled " + spec.stderr());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProcessStartException(spec.program(), e);
        }
        String name = "obra-" + spec.label() + "-";
        TailBuffer stderr = new TailBuffer(stderrTailBytes);
        Optional<Thread> drain = spec.stderr() == ProcessSpec.Stderr.SEPARATE
                ? Optional.of(daemon(
                        name + "stderr-" + process.pid(), () -> stderr.drainFrom(process.getErrorStream(), onStderr)))
                : Optional.empty();
        ChildProcess child = new ChildProcess(process, stderr, drain);
        spec.stdin()
                .ifPresent(text -> daemon(
                                name + "stdin-" + process.pid(), () -> writeStdin(process.getOutputStream(), text))
                        .start());
        drain.ifPresent(Thread::start);
        daemon(name + "stdout-" + process.pid(), () -> {
                    try (InputStream in = process.getInputStream()) {
                        stdoutReader.accept(in);
                    } catch (IOException e) {
                        // Closing a pipe of a killed process; what was read stands.
                    } finally {
                        child.stdoutDone.countDown();
                    }
                })
                .start();
        return child;
    }

    /**
     * Returns the process id.
     *
     * @return the operating system's id of the process
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the handle of the process, for its descendants.
     *
     * @return the process's handle
     */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Returns whether the process is running.
     *
     * @return true while the process has not exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the exit code (128 + n for a death by signal n), or -1 while it runs.
     *
     * @return the exit code, or -1 while the process runs
     */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * Returns whether the stdout reader has finished.
     *
     * @return true once the stdout reader has returned and the stream is closed
     */
    public boolean stdoutDone() {
        return stdoutDone.getCount() == 0;
    }

    /**
     * Waits up to {@code nanos} for the process to exit; returns whether it did.
     *
     * @param nanos the longest to wait, in nanoseconds
     * @return true when the process exited within the wait
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitExit(long nanos) throws InterruptedException {
        return process.waitFor(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to {@code nanos} for the stdout reader to finish; returns whether it did.
     *
     * @param nanos the longest to wait, in nanoseconds
     * @return true when the stdout reader finished within the wait
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitStdout(long nanos) throws InterruptedException {
        return stdoutDone.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the process and its whole tree, {@code known} descendants included: SIGTERM, {@code grace}, SIGKILL
     * (see {@link ProcessTrees#kill(ProcessHandle, Duration, Collection)}). Returns the pids that had to be killed.
     *
     * @param grace how long the tree has between SIGTERM and SIGKILL
     * @param known descendants seen earlier, stopped too even if they are no longer below the process
     * @return the pids that were still alive after {@code grace} and got SIGKILL
     */
    public List<Long> killTree(Duration grace, Collection<ProcessHandle> known) {
        return ProcessTrees.kill(process.toHandle(), grace, known);
    }

    /**
     * Waits at most {@link #DRAIN_WAIT} for the readers to finish and the process to be reaped, keeping the
     * interrupt flag as it was. Returns whether stdout was read to its end: false when a process that escaped
     * still holds it open.
     *
     * @return true when stdout was read to its end within {@link #DRAIN_WAIT}
     */
    public boolean finish() {
        boolean interrupted = Thread.interrupted();
        boolean done = false;
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        try {
            done = stdoutDone.await(DRAIN_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (stderrDrain.isPresent()) {
                stderrDrain.get().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return done;
    }

    /**
     * Returns the kept end of a separate stderr; empty when stderr was merged or discarded.
     *
     * @return the last bytes of stderr kept, as text; empty when stderr was not separate
     */
    public String stderrTail() {
        return stderr.text();
    }

    private static void writeStdin(OutputStream stdin, String text) {
        try (stdin) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The process exited or closed stdin before reading it all; its output says what happened.
            log.debug("writing to a child's stdin failed: {}", e.toString());
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
