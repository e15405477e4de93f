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
 * and output. Not API: used by {@code dev.obra.orchestrator.workspace}; may change in any release. Thread-safe.
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

    private GitCli(Path executable) {
        this.executable = executable;
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
                .map(GitCli::new);
    }

    /**
     * Runs {@code git args...} in {@code directory} with stdin from {@code input} (empty: /dev/null) and the extra
     * environment {@code env}.
     *
     * @param directory where git runs
     * @param args      its arguments
     * @param input     its standard input
     * @param env       extra environment variables
     * @return what it did
     *
     * @throws GitCliException when git cannot be started, runs past {@link #TIMEOUT}, or the thread is interrupted
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
        ProcessSpec spec =
                ProcessSpec.of("git", command).withDirectory(directory).withEnvironment(environment(env));
        if (input.isPresent()) {
            spec = spec.withStdin(input.get());
        }
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(spec, TIMEOUT, Duration.ofSeconds(1), TailBuffer.WHOLE);
        } catch (ProcessStartException e) {
            throw new GitCliException("cannot start " + executable + " in " + directory + ": " + e.getMessage(), e);
        }
        return switch (outcome.ending()) {
            case EXITED -> new Result(outcome.exitCode(), outcome.stdout(), outcome.stderr());
            case TIMED_OUT ->
                throw new GitCliException("git " + String.join(" ", args) + " in " + directory + " ran past " + TIMEOUT
                        + " and was killed");
            // The runner killed the tree and set the interrupt flag again.
            case INTERRUPTED ->
                throw new GitCliException("interrupted while git " + String.join(" ", args) + " ran in " + directory);
        };
    }

    /**
     * Returns the environment every git command of ours runs with: this process's, without the variables that would
     * point git at another repository than the directory it runs in (a git hook that runs us sets them), with
     * credential prompts off, and {@code extra} on top.
     *
     * @param extra variables to add
     * @return a new map
     */
    public static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        REPOSITORY_VARIABLES.forEach(environment::remove);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.putAll(requireNonNull(extra, "extra"));
        return environment;
    }

    /**
     * What a git command did.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /**
         * Checks the result.
         *
         * @param exitCode its exit code
         * @param stdout   its standard output
         * @param stderr   its standard error
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
