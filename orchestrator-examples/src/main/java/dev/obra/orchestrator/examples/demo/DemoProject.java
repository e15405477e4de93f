package dev.obra.orchestrator.examples.demo;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's small real project: {@code Calc.java} with an unwritten {@code median} method, and
 * {@code CalcCheck.java}, a checker that compiles and tests it ({@code java CalcCheck.java}, exit 0 when every check
 * passes). It is created in a directory of its own and committed to a new git repository when git is installed.
 */
public final class DemoProject {
    static final String RESOURCES = "/dev/obra/orchestrator/examples/demo/";

    private final Path directory;
    private final boolean git;

    private DemoProject(Path directory, boolean git) {
        this.directory = directory;
        this.git = git;
    }

    /** Creates the project in {@code directory}, which must be empty or absent. */
    public static DemoProject create(Path directory) {
        requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("Calc.java"), resource("Calc.java.start"));
            Files.writeString(directory.resolve("CalcCheck.java"), resource("CalcCheck.java.txt"));
            Files.writeString(directory.resolve("README.md"), "# calc\n\nRun the checks with `java CalcCheck.java`.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo project in " + directory, e);
        }
        boolean git = run(directory, "git", "init", "-q")
                && run(directory, "git", "add", ".")
                && run(
                        directory,
                        "git",
                        "-c",
                        "user.name=obra demo",
                        "-c",
                        "user.email=demo@obra.invalid",
                        "commit",
                        "-q",
                        "-m",
                        "Start the calc project");
        return new DemoProject(directory, git);
    }

    /** Returns the project's directory. */
    public Path directory() {
        return directory;
    }

    /** Returns whether the project is a git repository (git was found). */
    public boolean isGitRepository() {
        return git;
    }

    /** Returns the task the demo runs on this project. */
    public Task task() {
        return Task.of("Implement Calc.median(int...) in Calc.java: return the median of the values, the mean of the "
                        + "two middle values for an even count. The checker must pass: run `java CalcCheck.java`.")
                .withWorkingDirectory(directory)
                .withAcceptanceCriteria(List.of(
                        "odd and even numbers of values",
                        "unsorted input",
                        "the input array is not modified",
                        "no values: IllegalArgumentException",
                        "`java CalcCheck.java` exits 0"))
                .withVerification(List.of(javaExecutable(), "CalcCheck.java"))
                .withMaxIterations(4);
    }

    static String resource(String name) {
        try (InputStream in = DemoProject.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo resource " + name, e);
        }
    }

    /** The java launcher of the running JVM, so the checker runs with a JDK even when PATH has none. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean run(Path directory, String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
