package dev.obra.orchestrator.internal.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What to run as a child process: an argument list (never a shell), where, with which environment, what it reads
 * and where its stderr goes. Immutable; the withers return changed copies.
 *
 * @param label       a short name for the threads that serve the process ({@code git}, {@code claude})
 * @param command     the executable and its arguments
 * @param directory   the working directory; empty for this JVM's
 * @param environment the complete environment of the child
 * @param stdin       what is written to stdin before it is closed; empty for the null device
 * @param stderr      where stderr goes
 */
public record ProcessSpec(
        String label,
        List<String> command,
        Optional<Path> directory,
        Map<String, String> environment,
        Optional<String> stdin,
        Stderr stderr) {

    /** Where a child's stderr goes. */
    public enum Stderr {
        /** Its own stream, drained into a tail of its own. */
        SEPARATE,
        /** Into stdout, interleaved by the operating system in the order it was written. */
        MERGED,
        /** Thrown away by the operating system. */
        DISCARDED
    }

    /**
     * Checks and copies the components.
     *
     * @param label a short name for the threads that serve the process ({@code git}, {@code claude})
     * @param command the executable and its arguments, not empty; copied
     * @param directory the working directory; empty for this JVM's
     * @param environment the complete environment of the child; copied
     * @param stdin what is written to stdin before it is closed; empty for the null device
     * @param stderr where stderr goes
     */
    public ProcessSpec {
        requireNonNull(label, "label");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        requireNonNull(directory, "directory");
        environment = Map.copyOf(environment);
        requireNonNull(stdin, "stdin");
        requireNonNull(stderr, "stderr");
    }

    /**
     * Returns the spec for people and logs without what may be secret: the environment shows only its variables'
     * names, stdin only its length (a prompt, an API key in a child's environment never reach a log this way).
     *
     * @return the spec without environment values and stdin
     */
    @Override
    public String toString() {
        return "ProcessSpec[label=" + label + ", command=" + command
                + ", directory=" + directory.map(Path::toString).orElse("<this JVM's>")
                + ", environment=" + new TreeSet<>(environment.keySet())
                + ", stdin=" + stdin.map(in -> in.length() + " chars").orElse("<null device>")
                + ", stderr=" + stderr + "]";
    }

    /**
     * Returns a spec for {@code command} in this JVM's directory and environment, reading nothing, stderr apart.
     *
     * @param label a short name for the threads that serve the process
     * @param command the executable and its arguments, not empty
     * @return a spec with no directory, this JVM's environment, no stdin and a separate stderr
     */
    public static ProcessSpec of(String label, List<String> command) {
        return new ProcessSpec(label, command, Optional.empty(), System.getenv(), Optional.empty(), Stderr.SEPARATE);
    }

    /**
     * Returns this spec run in {@code dir}.
     *
     * @param dir the working directory of the child
     * @return a copy with {@code dir} as its directory
     */
    public ProcessSpec withDirectory(Path dir) {
        return withDirectory(Optional.of(dir));
    }

    /**
     * Returns this spec run in {@code dir}, or in this JVM's directory when it is empty.
     *
     * @param dir the working directory of the child; empty for this JVM's
     * @return a copy with {@code dir} as its directory
     */
    public ProcessSpec withDirectory(Optional<Path> dir) {
        return new ProcessSpec(label, command, dir, environment, stdin, stderr);
    }

    /**
     * Returns this spec with {@code env} as the complete environment.
     *
     * @param env every variable the child gets, replacing the current environment
     * @return a copy with {@code env} as its environment
     */
    public ProcessSpec withEnvironment(Map<String, String> env) {
        return new ProcessSpec(label, command, directory, env, stdin, stderr);
    }

    /**
     * Returns this spec with {@code text} written to stdin as UTF-8, which is then closed.
     *
     * @param text everything the child reads on stdin
     * @return a copy that writes {@code text} to stdin
     */
    public ProcessSpec withStdin(String text) {
        return new ProcessSpec(label, command, directory, environment, Optional.of(text), stderr);
    }

    /**
     * Returns this spec with its stderr sent to {@code where}.
     *
     * @param where where the child's stderr goes
     * @return a copy with that stderr handling
     */
    public ProcessSpec withStderr(Stderr where) {
        return new ProcessSpec(label, command, directory, environment, stdin, where);
    }

    /**
     * Returns the executable: the first element of the command.
     *
     * @return the command's first element
     */
    public String program() {
        return command.get(0);
    }
}
