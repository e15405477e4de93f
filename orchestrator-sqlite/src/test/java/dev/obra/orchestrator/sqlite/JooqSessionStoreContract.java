package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.completed;
import static dev.obra.orchestrator.store.StoreFixtures.openSession;
import static dev.obra.orchestrator.store.StoreFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.SessionStoreContract;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.testing.Polling;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JooqSessionStore} does beyond the core contract: exact costs with float noise, crash recovery
 * through heartbeats, and schema versions. Each database's IT says how to open a store on its database and how to
 * reach that database with plain JDBC.
 */
abstract class JooqSessionStoreContract extends SessionStoreContract {

    /** Options that make recovery quick enough for a test. */
    static final JooqSessionStore.Options FAST = JooqSessionStore.Options.builder()
            .heartbeatInterval(Duration.ofMillis(50))
            .abandonAfter(Duration.ofMillis(400))
            .build();

    /** Returns a new store on the database of this test, with the given options. */
    protected abstract JooqSessionStore open(JooqSessionStore.Options options);

    /** Returns a DataSource on the database of this test, for plain SQL. */
    protected abstract DataSource plainDataSource();

    /** Returns which database this is. */
    protected abstract Backend backend();

    @Override
    protected SessionStore createStore() throws Exception {
        return open(JooqSessionStore.Options.defaults());
    }

    @Override
    protected SessionStore reopen(SessionStore current) throws Exception {
        current.close();
        return open(JooqSessionStore.Options.defaults());
    }

    @Test
    void costsWithFloatNoiseAreKeptAndSummedExactly() throws Exception {
        TaskRecord task = task("float noise", T0);
        store.createTask(task);
        // What the Claude Code CLI reports: doubles printed in full, float noise included.
        String[] costs = {"0.007116000000000001", "0.014232000000000002", "0.0000001", "12345678.123456789"};
        for (int i = 0; i < costs.length; i++) {
            SessionRecord s = openSession(task.id(), i + 1, 1, T0.plusSeconds(i));
            store.openSession(s);
            store.closeSession(completed(s, Usage.ZERO, 1, costs[i], 10));
        }
        store.close();
        store = open(JooqSessionStore.Options.defaults());

        assertThat(store.sessions(task.id()))
                .extracting(SessionRecord::costUsd)
                .containsExactly(
                        new BigDecimal(costs[0]),
                        new BigDecimal(costs[1]),
                        new BigDecimal("1E-7"),
                        new BigDecimal(costs[3]));
        assertThat(store.taskMetrics(task.id()).costUsd()).isEqualTo(new BigDecimal("12345678.144804889000000003"));
    }

    @Test
    void sessionsOfAStoreThatStoppedAreAbandonedAndItsTaskFailed() throws Exception {
        // given: a store that recorded one finished and one running session, then stopped beating
        TaskRecord task = task("crashed", T0);
        SessionRecord done;
        SessionRecord running;
        try (JooqSessionStore crashed = open(FAST)) {
            crashed.createTask(task);
            SessionRecord first = openSession(task.id(), 1, 1, T0);
            crashed.openSession(first);
            done = completed(first, new Usage(100, 20, 3, 4), 2, "0.25", 1_000);
            crashed.closeSession(done);
            running = openSession(task.id(), 2, 1, T0.plusSeconds(5));
            crashed.openSession(running);
        }

        // when: a store that is alive watches the database
        try (JooqSessionStore survivor = open(FAST)) {
            awaitTrue(() -> survivor.sessions(task.id()).get(1).status() == SessionStatus.ABANDONED);

            // then
            SessionRecord abandoned = survivor.sessions(task.id()).get(1);
            assertThat(abandoned.sessionId()).isEqualTo(running.sessionId());
            assertThat(abandoned.error()).hasValueSatisfying(e -> {
                assertThat(e.kind()).isEqualTo("ABANDONED");
                assertThat(e.message()).contains("stopped heartbeating");
            });
            assertThat(abandoned.endedAt()).isPresent();
            awaitTrue(() -> survivor.findTask(task.id()).orElseThrow().status() == TaskStatus.FAILED);
            assertThat(survivor.findTask(task.id()).orElseThrow().statusReason())
                    .startsWith("abandoned:");
            TaskMetrics metrics = survivor.taskMetrics(task.id());
            assertThat(metrics.sessions()).isEqualTo(2);
            assertThat(metrics.inputTokens()).isEqualTo(100);
            assertThat(metrics.costUsd()).isEqualByComparingTo("0.25");
            assertThat(survivor.sessions(task.id()).get(0)).isEqualTo(done);
            assertThat(survivor.recoverAbandonedSessions())
                    .as("nothing is recovered twice")
                    .isZero();
        }
    }

    @Test
    void theSessionsOfAStoreThatBeatsAreNeverAbandoned() throws Exception {
        JooqSessionStore.Options watcherOptions = JooqSessionStore.Options.builder()
                .heartbeatInterval(Duration.ofMillis(100))
                .abandonAfter(Duration.ofSeconds(2))
                .build();
        try (JooqSessionStore alive = open(FAST);
                JooqSessionStore watcher = open(watcherOptions)) {
            TaskRecord task = task("alive", T0);
            alive.createTask(task);
            SessionRecord running = openSession(task.id(), 1, 1, T0);
            alive.openSession(running);
            long opened = heartbeatOf(running);

            // Wait until the running session is older than abandonAfter, counted by its own heartbeats.
            awaitTrue(() -> heartbeatOf(running) > opened + 2_500);

            assertThat(watcher.recoverAbandonedSessions()).isZero();
            assertThat(watcher.sessions(task.id())).containsExactly(running);
            assertThat(watcher.findTask(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        }
    }

    @Test
    void aDatabaseWrittenByANewerVersionIsRefused() throws Exception {
        store.close();
        try (Connection c = plainDataSource().getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO \"obra_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", "
                                + "\"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                                + "VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, "
                                + "?)")) {
            insert.setBoolean(1, true);
            insert.executeUpdate();
        }

        assertThatThrownBy(() -> open(JooqSessionStore.Options.defaults()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 999")
                .hasMessageContaining("newer version of Obra");
    }

    @Test
    void aDatabaseAtTheFirstSchemaVersionIsUpgradedAndKeepsItsRows() throws Exception {
        store.close();
        dropStoreTables();
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(plainDataSource())
                .locations("classpath:db/migration/" + backend().migrations)
                .table(Migrations.HISTORY_TABLE)
                .target("1")
                .load()
                .migrate();
        TaskRecord old = task("written by the first version", T0);
        try (Connection c = plainDataSource().getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO task (id, description, status, max_iterations, status_reason, output, created_at, "
                                + "owner, heartbeat_at) VALUES (?, ?, 'RUNNING', 5, '', '', ?, 'old', ?)")) {
            insert.setString(1, old.id().value());
            insert.setString(2, old.description());
            insert.setLong(3, old.createdAt().toEpochMilli());
            insert.setLong(4, System.currentTimeMillis());
            insert.executeUpdate();
        }

        store = open(JooqSessionStore.Options.defaults());

        assertThat(store.findTask(old.id()))
                .contains(new TaskRecord(
                        old.id(),
                        old.description(),
                        Optional.empty(),
                        TaskStatus.RUNNING,
                        5,
                        Optional.empty(),
                        "",
                        "",
                        old.createdAt(),
                        Optional.empty(),
                        Optional.empty()));
        assertThat(Flyway.configure(Migrations.class.getClassLoader())
                        .dataSource(plainDataSource())
                        .locations("classpath:db/migration/" + backend().migrations)
                        .table(Migrations.HISTORY_TABLE)
                        .load()
                        .info()
                        .pending())
                .isEmpty();
    }

    private void dropStoreTables() throws SQLException {
        try (Connection c = plainDataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String table : List.of(
                    "breakpoint_event",
                    "iteration",
                    "session_record",
                    "task",
                    "\"" + Migrations.HISTORY_TABLE + "\"")) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    private long heartbeatOf(SessionRecord session) {
        try (Connection c = plainDataSource().getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT heartbeat_at FROM session_record WHERE session_id = ?")) {
            select.setString(1, session.sessionId().value());
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code condition} holds, for at most 20 seconds. */
    static void awaitTrue(BooleanSupplier condition) {
        Polling.await(condition, Duration.ofSeconds(20), "condition not met within 20 s");
    }
}
