package dev.obra.orchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.testing.ChildJvms;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child JVM on the built {@code obra.jar}, as a user starts one: a directory and an environment of its own. */
public final class ChildJvm {
    /** The jar that {@code mvn package} builds before the integration tests. */
    public static final Path JAR = Path.of("target/obra.jar").toAbsolutePath();

    /**
     * What a finished child printed and returned.
     *
     * @param exitCode its exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    public record Output(int exitCode, String out, String err) {}

    private ChildJvm() {}

    /**
     * Returns a builder of {@code java arguments...} in {@code directory}, with exactly {@code environment} and
     * stdin from {@code /dev/null}; fails the test when the jar is not built.
     *
     * @param directory the child's working directory
     * @param environment the child's whole environment
     * @param arguments the arguments of the {@code java} launcher, the jar among them
     * @return the builder, not started
     */
    public static ProcessBuilder java(Path directory, Map<String, String> environment, List<String> arguments) {
        assertThat(JAR)
                .as("the jar is built by 'mvn package' before the integration tests")
                .exists();
        List<String> command = new ArrayList<>();
        command.add(ChildJvms.java().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * Reads a started child's stdout and stderr to their ends and waits for it to exit; a child that takes longer
     * than {@code timeout} is killed and fails the test.
     *
     * @param process the started child
     * @param timeout how long it may run, in whole minutes
     * @param command how to name the child in a failure
     * @return its exit code and output
     */
    public static Output finish(Process process, Duration timeout, String command) {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeout.toMinutes() + " minutes");
            }
            return new Output(process.exitValue(), out.get(), err.get());
        } catch (Exception e) {
            throw new AssertionError("running " + command + " failed", e);
        }
    }

    /**
     * Reads a stream to its end as UTF-8, and closes it.
     *
     * @param in the stream
     * @return all it held
     */
    public static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
