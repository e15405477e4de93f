package dev.obra.orchestrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.examples.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Bench} run as a user runs it: the built obra.jar in a child JVM, from the repository root. */
class BenchIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void withNoNamesEveryBenchmarkThatCanRunRunsAndPostgresIsSkippedWithAReason() {
        ChildJvm.Output r = bench("--quick");

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
        ChildJvm.Output r = bench("--quick", "store-postgres");

        assertThat(r.exitCode()).as("exit code; stderr:\n%s", r.err()).isEqualTo(1);
        assertThat(r.err()).contains("cannot run benchmark 'store-postgres': OBRA_TEST_POSTGRES_URL is not set");
        assertThat(r.out()).doesNotContain("bench store-postgres");
    }

    @Test
    void anUnknownNameIsAUsageError() {
        ChildJvm.Output r = bench("no-such-bench");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown benchmark 'no-such-bench'").contains("store-postgres");
    }

    /** Runs Bench with a plain environment that names no PostgreSQL server. */
    private static ChildJvm.Output bench(String... args) {
        List<String> java = new ArrayList<>(List.of("-cp", ChildJvm.JAR.toString(), Bench.class.getName()));
        java.addAll(List.of(args));
        ProcessBuilder builder = ChildJvm.java(
                REPOSITORY,
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", System.getProperty("java.io.tmpdir")),
                java);
        try {
            return ChildJvm.finish(builder.start(), Duration.ofMinutes(5), "Bench " + String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
