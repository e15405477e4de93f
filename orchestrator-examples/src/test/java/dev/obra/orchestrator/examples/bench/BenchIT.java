package dev.obra.orchestrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Bench} run as a user runs it: the built obra.jar in a child JVM, from the repository root. */
class BenchIT {
    private static final Path JAR = Path.of("target/obra.jar").toAbsolutePath();
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private record Result(int exitCode, String out, String err) {}

    @Test
    void withNoNamesEveryBenchmarkThatCanRunRunsAndPostgresIsSkippedWithAReason() {
        Result r = bench("--quick");

        assertThat(r.exitCode())
                .as("exit code; stdout:\n%s\nstderr:\n%s", r.out(), r.err())
                .isZero();
        assertThat(r.out()).contains("# skipped store-postgres: OBRA_TEST_POSTGRES_URL is not set");
        for (String figure : List.of(
                "orchestrator-overhead.iteration.median",
                "llm-client-overhead",
                "claude-agent-overhead.invocation.median",
                "claude-stream-parse.throughput.",
                "store-sqlite-task-metrics-median",
                "store-sqlite-bookkeeping-median",
                "store-h2-task-metrics-median",
                "store-h2-bookkeeping-median")) {
            assertThat(r.out())
                    .as("stdout:\n%s", r.out())
                    .containsPattern("(?m)^bench " + figure.replace(".", "\\.") + "\\S*: \\S+ \\S+ \\(baseline ");
        }
        assertThat(r.out()).doesNotContain("bench store-postgres");
    }

    @Test
    void aBenchmarkNamedOnTheCommandLineThatCannotRunIsAnError() {
        Result r = bench("--quick", "store-postgres");

        assertThat(r.exitCode()).as("exit code; stderr:\n%s", r.err()).isEqualTo(1);
        assertThat(r.err()).contains("cannot run benchmark 'store-postgres': OBRA_TEST_POSTGRES_URL is not set");
        assertThat(r.out()).doesNotContain("bench store-postgres");
    }

    @Test
    void anUnknownNameIsAUsageError() {
        Result r = bench("no-such-bench");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown benchmark 'no-such-bench'").contains("store-postgres");
    }

    /** Runs Bench with a plain environment that names no PostgreSQL server. */
    private static Result bench(String... args) {
        assertThat(JAR)
                .as("the jar is built by 'mvn package' before the integration tests")
                .exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR.toString(),
                Bench.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPOSITORY.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        try {
            Process p = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("Bench " + String.join(" ", args) + " did not finish in five minutes");
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (Exception e) {
            throw new AssertionError("running Bench failed", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
