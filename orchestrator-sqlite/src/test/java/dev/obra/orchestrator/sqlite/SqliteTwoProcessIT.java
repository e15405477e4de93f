package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskSummary;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs write to one new SQLite file at once: both create it, neither loses a row or fails on SQLITE_BUSY. */
class SqliteTwoProcessIT {
    private static final int SESSIONS_PER_PROCESS = 2_000;

    @TempDir
    Path dir;

    @Test
    void twoProcessesWritingOneFileLoseNothing() throws Exception {
        Path file = dir.resolve("shared.db");
        Process first = ChildJvm.start(
                SessionWriter.class,
                dir.resolve("first.log"),
                file.toString(),
                String.valueOf(SESSIONS_PER_PROCESS),
                "first");
        Process second = ChildJvm.start(
                SessionWriter.class,
                dir.resolve("second.log"),
                file.toString(),
                String.valueOf(SESSIONS_PER_PROCESS),
                "second");
        try {
            assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(second.waitFor(5, TimeUnit.MINUTES)).isTrue();
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
        assertThat(first.exitValue())
                .as(Files.readString(dir.resolve("first.log")))
                .isZero();
        assertThat(second.exitValue())
                .as(Files.readString(dir.resolve("second.log")))
                .isZero();

        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            List<TaskSummary> tasks = store.listTasks(TaskQuery.all());
            assertThat(tasks).extracting(t -> t.task().description()).containsExactlyInAnyOrder("first", "second");
            long n = SESSIONS_PER_PROCESS;
            for (TaskSummary summary : tasks) {
                TaskMetrics metrics = store.taskMetrics(summary.task().id());
                assertThat(summary.metrics()).isEqualTo(metrics);
                assertThat(summary.task().status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(metrics.sessions()).isEqualTo(SESSIONS_PER_PROCESS);
                assertThat(metrics.iterations()).isEqualTo(SESSIONS_PER_PROCESS);
                assertThat(metrics.inputTokens()).isEqualTo(n * (n + 1) / 2);
                assertThat(metrics.outputTokens()).isEqualTo(n);
                assertThat(metrics.costUsd()).isEqualTo(new BigDecimal("2"));
                assertThat(store.sessions(summary.task().id())).hasSize(SESSIONS_PER_PROCESS);
            }
        }
    }
}
