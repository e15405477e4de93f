package dev.obra.orchestrator.workspace.git;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.process.Executables;
import dev.obra.orchestrator.internal.process.ProcessRunner;
import dev.obra.orchestrator.internal.process.ProcessSpec;
import dev.obra.orchestrator.internal.process.ProcessStartException;
import dev.obra.orchestrator.internal.process.TailBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the git command line with an argument list (never a shell), in a given directory, and returns its exit code
 * and output. Not API: used by {@code dev.obra.orchestrator.workspace}; may change in any release. Immutable
 * and thread-safe.
 */
public final class GitCli {
    /** How long one git command may take before it is killed. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Variables that would point git at another repository than the directory it runs in. */
    private static final List<String> REPOSITORY_VARIABLES = List.of(
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_COMMON_DIR",
            "GIT_PREFIX");

    private final Path executable;
    private final Duration timeout;
    /** The complete environment of every command, {@code extra} of {@link #run} aside. */
    private final Map<String, String> environment;

    private final ProcessSpec.Stderr stderr;

    private GitCli(Path executable, Duration timeout, Map<String, String> environment, ProcessSpec.Stderr stderr) {
        this.executable = executable;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
        this.stderr = stderr;
    }

    /**
     * Returns git as found on {@code PATH}, or empty when it is not there.
     *
     * @return git
     */
    public static Optional<GitCli> onPath() {
        return onPath(Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /**
     * Returns git as found in the directories of {@code pathVariable}, or empty when it is not there.
     *
     * @param pathVariable directories separated as in {@code PATH}
     * @return git
     */
    public static Optional<GitCli> onPath(String pathVariable) {
        requireNonNull(pathVariable, "pathVariable");
        return Executables.find("git", Path.of("").toAbsolutePath(), pathVariable)
                .map(git -> new GitCli(git, TIMEOUT, environment(Map.of()), ProcessSpec.Stderr.SEPARATE));
    }

    /**
     * Returns this git with another timeout for each command (default {@link #TIMEOUT}).
     *
     * @param value how long one command may take before it is killed
     * @return a copy with that timeout
     * @throws IllegalArgumentException when it is not positive
     */
    public GitCli withTimeout(Duration value) {
        if (requireNonNull(value, "value").isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + value);
        }
        return new GitCli(executable, value, environment, stderr);
    }

    /**
     * Returns this git with {@code extra} in the environment of every command, worked out once here rather than for
     * each command.
     *
     * @param extra variables to add, over this git's
     * @return a copy with them
     */
    public GitCli withEnvironment(Map<String, String> extra) {
        return new GitCli(executable, timeout, merged(environment, requireNonNull(extra, "extra")), stderr);
    }

    /**
     * Returns this git with the standard error of every command thrown away ({@link Result#stderr()} is empty), for
     * a caller that reads only stdout.
     *
     * @return a copy that discards stderr
     */
    public GitCli withoutStderr() {
        return new GitCli(executable, timeout, environment, ProcessSpec.Stderr.DISCARDED);
    }

    /**
     * Runs {@code git args...} in {@code directory} with stdin from {@code input} (empty: /dev/null) and the extra
     * environment {@code env} on top of this git's ({@link #withEnvironment}).
     *
     * @param directory where git runs
     * @param args      its arguments
     * @param input     its standard input
     * @param env       extra environment variables
     * @return what it did
     *
     * @throws GitCliException when git cannot be started, runs past its timeout ({@link #TIMEOUT} unless set
     *                         by {@link #withTimeout}), or the thread is interrupted
     *                         (the interrupt flag is set again)
     */
    public Result run(Path directory, List<String> args, Optional<String> input, Map<String, String> env) {
        requireNonNull(directory, "directory");
        requireNonNull(args, "args");
        requireNonNull(input, "input");
        requireNonNull(env, "env");
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString());
        command.addAll(args);
        // The canonical constructor keeps the environment map as it is: no copy of it per command.
        ProcessSpec spec = new ProcessSpec(
                "git",
                command,
                Optional.of(directory),
                env.isEmpty() ? environment : merged(environment, env),
                input,
                stderr);
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(spec, timeout, Duration.ofSeconds(1), TailBuffer.WHOLE);
        } catch (ProcessStartException e) {
            throw new GitCliException("cannot start " + executable + " in " + directory + ": " + e.getMessage(), e);
        }
        return switch (outcome.ending()) {
            case EXITED -> new Result(outcome.exitCode(), outcome.stdout(), outcome.stderr(), outcome.drained());
            case TIMED_OUT ->
                throw new GitCliException("git " + String.join(" ", args) + " in " + directory + " ran past " + timeout
                        + " and was killed");
            // The runner killed the tree and set the interrupt flag again.
            case INTERRUPTED ->
                throw new GitCliException("interrupted while git " + String.join(" ", args) + " ran in " + directory);
        };
    }

    /**
     * The environment every git command of ours starts from: this process's, without the variables that would point
     * git at another repository than the directory it runs in (a git hook that runs us sets them), with credential
     * prompts off, and {@code extra} on top.
     */
    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        REPOSITORY_VARIABLES.forEach(environment::remove);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.putAll(extra);
        return environment;
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(base);
        environment.putAll(extra);
        return environment;
    }

    /**
     * What a git command did.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error
     * @param drained  whether stdout was read to its end (false when a process git started still held it open)
     */
    public record Result(int exitCode, String stdout, String stderr, boolean drained) {
        /**
         * Checks the result.
         *
         * @param exitCode its exit code
         * @param stdout   its standard output
         * @param stderr   its standard error
         * @param drained  whether stdout was read to its end
         */
        public Result {
            requireNonNull(stdout, "stdout");
            requireNonNull(stderr, "stderr");
        }

        /**
         * Returns whether git exited 0.
         *
         * @return whether it did
         */
        public boolean ok() {
            return exitCode == 0;
        }

        /**
         * Returns stderr, or stdout when stderr is blank, stripped and cut to its last 2,000 characters.
         *
         * @return the message
         */
        public String message() {
            String text = (stderr.isBlank() ? stdout : stderr).strip();
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        }
    }
}
