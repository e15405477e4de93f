package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.JooqSessionStoreContract.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** A JVM killed with SIGKILL mid-iteration leaves a consistent file whose running work a new store recovers. */
class SqliteCrashIT {
    @TempDir
    Path dir;

    @Test
    void aKilledProcessLeavesNothingHalfWrittenAndItsSessionsAreRecovered() throws Exception {
        // given: a child JVM with one session "running its agent" and a thread writing sessions flat out
        Path file = dir.resolve("obra.db");
        Path ids = dir.resolve("ids.txt");
        Process child = ChildJvm.start(CrashingWriter.class, dir.resolve("child.log"), file.toString(), ids.toString());
        try {
            awaitTrue(() -> Files.exists(ids) && lines(ids).size() == 2 || !child.isAlive());
            assertThat(child.isAlive()).as("the child runs; its log: %s", log()).isTrue();
        } finally {
            // when: it is killed (SIGKILL on Unix) in the middle of whatever it writes
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        TaskId crashed = TaskId.of(lines(ids).get(0));
        TaskId busy = TaskId.of(lines(ids).get(1));

        // then: a new store on the file recovers the running sessions and fails both tasks
        try (JooqSessionStore store = CrashStores.open(file)) {
            awaitTrue(() -> store.findTask(crashed).orElseThrow().status() == TaskStatus.FAILED
                    && store.findTask(busy).orElseThrow().status() == TaskStatus.FAILED);

            List<SessionRecord> sessions = store.sessions(crashed);
            assertThat(sessions)
                    .extracting(SessionRecord::status)
                    .containsExactly(
                            SessionStatus.COMPLETED,
                            SessionStatus.COMPLETED,
                            SessionStatus.COMPLETED,
                            SessionStatus.ABANDONED);
            TaskMetrics metrics = store.taskMetrics(crashed);
            assertThat(metrics.sessions()).isEqualTo(4);
            assertThat(metrics.iterations()).isEqualTo(4);
            assertThat(metrics.inputTokens()).isEqualTo(1000 + 2000 + 3000);
            assertThat(metrics.outputTokens()).isEqualTo(10 + 20 + 30);
            assertThat(metrics.costUsd()).isEqualByComparingTo("0.06");
            assertThat(store.iterations(crashed)).hasSize(3);
            assertThat(store.findTask(crashed).orElseThrow().statusReason()).contains("stopped heartbeating");

            // Every session of the busy writer is whole: closed with its usage, or abandoned while open.
            List<SessionRecord> busySessions = store.sessions(busy);
            long completed = busySessions.stream()
                    .filter(s -> s.status() == SessionStatus.COMPLETED)
                    .count();
            assertThat(busySessions)
                    .allSatisfy(s -> assertThat(s.status()).isIn(SessionStatus.COMPLETED, SessionStatus.ABANDONED));
            assertThat(busySessions.size() - completed).isLessThanOrEqualTo(1);
            assertThat(store.taskMetrics(busy).inputTokens()).isEqualTo(completed);
        }
        assertThat(integrityCheck(file)).isEqualTo("ok");
    }

    /** Returns what {@code PRAGMA integrity_check} says of the SQLite file: {@code "ok"} when it is whole. */
    static String integrityCheck(Path file) throws Exception {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            r.next();
            return r.getString(1);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private String log() {
        return String.join("\n", lines(dir.resolve("child.log")));
    }
}
