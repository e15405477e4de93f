package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.examples.ChildJvm;
import dev.obra.orchestrator.testing.ChildJvms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the built {@code obra.jar} as a user would: a child JVM with its own directory and environment. */
final class ObraProcess {
    static final Path FAKE_CLAUDE = Path.of("../orchestrator-core/src/test/resources/fake-claude/claude")
            .toAbsolutePath()
            .normalize();

    /** Runs the rest of the command line under umask 022. */
    private static final List<String> UMASK_022 = ChildJvms.underUmask("/usr/bin/python3", 0022);

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
        // Java takes user.home from the password database, not from HOME: give it the test's home too.
        List<String> java =
                new ArrayList<>(List.of("-Duser.home=" + environment.get("HOME"), "-jar", ChildJvm.JAR.toString()));
        java.addAll(List.of(args));
        ProcessBuilder builder = ChildJvm.java(directory, environment, java);
        if (umask022) {
            builder.command().addAll(0, UMASK_022);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code obra args...} to its end (at most two minutes). */
    Result run(String... args) {
        ChildJvm.Output output = ChildJvm.finish(start(args), Duration.ofMinutes(2), "obra " + String.join(" ", args));
        return new Result(output.exitCode(), output.out(), output.err());
    }

    /** Runs {@code obra args...}, expects it to succeed, and returns what it printed on stdout. */
    String out(String... args) {
        return run(args).expectExit(0).out();
    }

    /**
     * Returns the arguments of {@code obra run prompt} in {@code work} with {@code claude} and its configuration in
     * {@code configDir}, scored by heuristics ({@code --no-llm}), followed by {@code more}.
     */
    static String[] runArgs(String prompt, Path work, Path claude, Path configDir, String... more) {
        return args(
                List.of(
                        "run",
                        prompt,
                        "--workdir",
                        work.toString(),
                        "--claude",
                        claude.toString(),
                        "--claude-config-dir",
                        configDir.toString(),
                        "--no-llm"),
                more);
    }

    /** Returns {@code first} followed by {@code more}, as one argument list. */
    static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** {@link #runArgs} with the fake claude. */
    static String[] fakeClaudeRunArgs(String prompt, Path work, Path configDir, String... more) {
        return runArgs(prompt, work, FAKE_CLAUDE, configDir, more);
    }

    /** Creates {@code dir/work} with a one-line README.md in it, and returns it. */
    static Path work(Path dir) {
        return write(dir.resolve("work/README.md"), "hi\n").getParent();
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
