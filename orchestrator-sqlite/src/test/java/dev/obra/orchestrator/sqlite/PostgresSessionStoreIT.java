package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server, each test in a schema of its own. The server is the one in
 * {@code OBRA_TEST_POSTGRES_URL} (see {@link PostgresTestDatabase}); without it the tests are skipped, or fail when
 * {@code CI=true}.
 */
class PostgresSessionStoreIT extends JooqSessionStoreContract {
    private PostgresTestDatabase.Schema schema;

    @Override
    protected SessionStore createStore() throws Exception {
        schema = PostgresTestDatabase.require()
                .newSchema("obra_it_" + UUID.randomUUID().toString().substring(0, 8));
        return super.createStore();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            store.close();
            schema.drop();
        }
    }

    @Override
    protected JooqSessionStore open(JooqSessionStore.Options options) {
        return JooqSessionStore.postgres(schema.dataSource(), options);
    }

    @Override
    protected DataSource plainDataSource() {
        return schema.dataSource();
    }

    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void anAgentAnswerWithANulIsRecordedWithAReplacementCharacter() {
        // given: an agent whose answer holds a NUL, which PostgreSQL refuses in text
        Agent agent = request -> AgentResponse.success(
                request.sessionId(),
                "Done.\u0000 All tests pass \uD83D\uDE00",
                Usage.ZERO,
                1,
                BigDecimal.ZERO,
                Duration.ofMillis(5));
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent)
                .sessionStore(store)
                .decisionEngine(context -> new Decision.Proceed("accepted"))
                .build();

        // when
        TaskResult result = orchestrator.run(Task.of("answer with a NUL"));

        // then: the task completed, and the store holds the answer with U+FFFD where the NUL was
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        String stored = "Done.\uFFFD All tests pass \uD83D\uDE00";
        assertThat(store.findTask(result.taskId()).orElseThrow().output()).isEqualTo(stored);
        assertThat(store.iterations(result.taskId()))
                .extracting(IterationRecord::response)
                .containsExactly(stored);
        assertThat(store.findTask(result.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aSchemaWithOtherTablesIsLeftAlone() throws SQLException {
        store.close();
        PostgresTestDatabase.Schema foreign = PostgresTestDatabase.require()
                .newSchema("obra_it_foreign_" + UUID.randomUUID().toString().substring(0, 8));
        try {
            try (Connection c = foreign.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE invoices (id INT PRIMARY KEY)");
            }
            assertThatThrownBy(() -> JooqSessionStore.postgres(foreign.dataSource()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("other tables");
            try (Connection c = foreign.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                assertThat(s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                                + foreign.name() + "'"))
                        .satisfies(r -> {
                            assertThat(r.next()).isTrue();
                            assertThat(r.getInt(1)).as("no table was added").isEqualTo(1);
                        });
            }
        } finally {
            foreign.drop();
        }
    }

    @Test
    void aDataSourceForAnotherDatabaseIsRefused() {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:not-postgres");
        assertThatThrownBy(() -> JooqSessionStore.postgres(h2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is H2")
                .hasMessageContaining("JooqSessionStore.h2(String)");
    }
}
