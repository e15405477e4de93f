package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code obra.jar} as a user would: a child JVM with its own directory and environment. */
final class ObraProcess {
    static final Path JAR = Path.of("target/obra.jar").toAbsolutePath();
    static final Path FAKE_CLAUDE = Path.of("../orchestrator-core/src/test/resources/fake-claude/claude")
            .toAbsolutePath()
            .normalize();

    /** What a finished run printed and returned. */
    record Result(int exitCode, String out, String err) {
        Result expectExit(int code) {
            assertThat(exitCode)
                    .as("exit code; stdout:\n%s\nstderr:\n%s", out, err)
                    .isEqualTo(code);
            return this;
        }
    }

    private final Path directory;
    private final Map<String, String> environment = new HashMap<>();
    private boolean umask022;

    ObraProcess(Path directory) {
        this.directory = directory;
        assertThat(JAR)
                .as("the jar is built by 'mvn package' before the integration tests")
                .exists();
        FAKE_CLAUDE.toFile().setExecutable(true);
        // A home of its own: no login, no ~/.obra of the developer's.
        environment.put("HOME", directory.toString());
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("TERM", "dumb");
    }

    ObraProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs obra under umask 022, the usual one, whatever this JVM's is (python3 sets it: Java cannot). */
    ObraProcess withUmask022() {
        umask022 = true;
        return this;
    }

    /** Starts {@code obra args...}; the caller waits on the returned process. */
    Process start(String... args) {
        List<String> command = new ArrayList<>();
        if (umask022) {
            command.addAll(List.of(
                    "/usr/bin/python3", "-c", "import os, sys; os.umask(0o022); os.execv(sys.argv[1], sys.argv[1:])"));
        }
        // Java takes user.home from the password database, not from HOME: give it the test's home too.
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + environment.get("HOME"),
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code obra args...} to its end (at most two minutes). */
    Result run(String... args) {
        Process p = start(args);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("obra " + String.join(" ", args) + " did not finish in two minutes");
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (Exception e) {
            throw new AssertionError("running obra failed", e);
        }
    }

    static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String firstTaskId(String tasksOutput) {
        return tasksOutput.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
