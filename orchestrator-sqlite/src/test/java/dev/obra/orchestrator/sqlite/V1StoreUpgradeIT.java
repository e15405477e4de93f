package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.TaskQuery;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores written by schema version 1 (see {@code v1-store/README.md}) open with today's code and read back. */
class V1StoreUpgradeIT {
    @TempDir
    Path dir;

    @Test
    void aSqliteStoreWrittenByVersion1IsMigratedInPlaceAndReadsBack() throws IOException {
        Path file = copy("obra-v1.db");
        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            assertEverythingReadsBack(store);
        }
        // Reopening the migrated file migrates nothing more and still reads back.
        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            assertEverythingReadsBack(store);
        }
    }

    @Test
    void anH2StoreWrittenByVersion1IsMigratedInPlaceAndReadsBack() throws IOException {
        copy("obra-v1.mv.db");
        Function<Path, String> url = d -> "jdbc:h2:file:" + d.resolve("obra-v1").toAbsolutePath();
        try (JooqSessionStore store = JooqSessionStore.h2(url.apply(dir))) {
            assertEverythingReadsBack(store);
        }
        try (JooqSessionStore store = JooqSessionStore.h2(url.apply(dir))) {
            assertEverythingReadsBack(store);
        }
    }

    private Path copy(String name) throws IOException {
        return copy(name, dir);
    }

    /** Copies the version 1 store {@code name} of the test resources v1-store/ into {@code dir}. */
    static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = V1StoreUpgradeIT.class.getResourceAsStream("/v1-store/" + name)) {
            assertThat(in).as("test resource v1-store/" + name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    /** The schema version a store made today has. */
    private String currentVersion() {
        try (JooqSessionStore fresh = JooqSessionStore.sqlite(dir.resolve("fresh.db"))) {
            return fresh.schemaVersion();
        }
    }

    private void assertEverythingReadsBack(JooqSessionStore store) {
        assertThat(store.schemaVersion()).isEqualTo(currentVersion());
        assertThat(store.listTasks(TaskQuery.all()))
                .extracting(t -> t.task().id().value(), t -> t.task().status())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("v1-completed", TaskStatus.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("v1-failed", TaskStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("v1-escalated", TaskStatus.ESCALATED));

        TaskId completed = TaskId.of("v1-completed");
        assertThat(store.findTask(completed)).hasValueSatisfying(t -> {
            assertThat(t.description()).isEqualTo("Add a --json flag ü ✓");
            assertThat(t.workingDirectory()).contains(Path.of("/tmp/work space/ü"));
            assertThat(t.output()).isEqualTo("Added the test.");
        });
        List<SessionRecord> sessions = store.sessions(completed);
        assertThat(sessions)
                .extracting(SessionRecord::status)
                .containsExactly(SessionStatus.FAILED, SessionStatus.COMPLETED, SessionStatus.COMPLETED);
        assertThat(sessions.get(2).mode()).isEqualTo(SessionRecord.Mode.RESUME);
        assertThat(sessions.get(2).parentSessionId()).contains(sessions.get(1).sessionId());
        assertThat(sessions.get(0).error())
                .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo("529 overloaded"));
        TaskMetrics metrics = store.taskMetrics(completed);
        assertThat(metrics.sessions()).isEqualTo(3);
        assertThat(metrics.iterations()).isEqualTo(2);
        assertThat(metrics.inputTokens()).isEqualTo(2000);
        assertThat(metrics.outputTokens()).isEqualTo(540);
        assertThat(metrics.cacheReadTokens()).isEqualTo(650);
        assertThat(metrics.turns()).isEqualTo(5);
        assertThat(metrics.costUsd()).isEqualByComparingTo(new BigDecimal("0.0163"));
        assertThat(metrics.agentTime()).isEqualTo(Duration.ofSeconds(19));

        List<IterationRecord> iterations = store.iterations(completed);
        assertThat(iterations)
                .extracting(IterationRecord::decision)
                .containsExactly(new Decision.Clarify(List.of("no test for --json")), new Decision.Proceed("accepted"));
        assertThat(iterations.get(0).quality())
                .hasValueSatisfying(q -> assertThat(q.score()).isEqualTo(0.55));
        assertThat(iterations.get(0).verification())
                .hasValueSatisfying(v -> assertThat(v.exitCode()).isEqualTo(1));
        assertThat(store.breakpoints(completed))
                .singleElement()
                .satisfies(b -> assertThat(b.resolution()).isEqualTo(Resolution.continueWith("add the test first")));
        assertThat(store.breakpoints(TaskId.of("v1-escalated")))
                .singleElement()
                .satisfies(b -> assertThat(b.resolution()).isEqualTo(Resolution.stop("a human takes over")));
        assertThat(store.sessions(TaskId.of("v1-failed")))
                .singleElement()
                .satisfies(s -> assertThat(s.error())
                        .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo("AUTH_ERROR")));
    }
}
