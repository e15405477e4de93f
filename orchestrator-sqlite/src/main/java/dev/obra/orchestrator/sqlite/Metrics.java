package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;

import dev.obra.orchestrator.TaskMetrics;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The aggregate columns of task metrics over {@code session_record}: sums of the four token kinds, turns, cost and
 * agent time, the count of sessions and of distinct iterations. Used by one query per task and by the listing.
 */
final class Metrics {
    final Field<Integer> sessions = DSL.count(SESSION_RECORD.SESSION_ID).as("m_sessions");
    final Field<Integer> iterations =
            DSL.countDistinct(SESSION_RECORD.ITERATION).as("m_iterations");
    final Field<BigDecimal> inputTokens = DSL.sum(SESSION_RECORD.INPUT_TOKENS).as("m_input_tokens");
    final Field<BigDecimal> outputTokens = DSL.sum(SESSION_RECORD.OUTPUT_TOKENS).as("m_output_tokens");
    final Field<BigDecimal> cacheCreationTokens =
            DSL.sum(SESSION_RECORD.CACHE_CREATION_TOKENS).as("m_cache_creation_tokens");
    final Field<BigDecimal> cacheReadTokens =
            DSL.sum(SESSION_RECORD.CACHE_READ_TOKENS).as("m_cache_read_tokens");
    final Field<BigDecimal> turns = DSL.sum(SESSION_RECORD.NUM_TURNS).as("m_turns");
    final Field<BigDecimal> costUsd;
    final Field<BigDecimal> agentMillis = DSL.sum(SESSION_RECORD.DURATION_MS).as("m_agent_ms");

    Metrics(Backend backend) {
        // SQLite keeps costs as text and has no exact decimal sum: DecimalSum adds them up inside the query.
        costUsd = (backend == Backend.SQLITE
                        ? DSL.field(DecimalSum.NAME + "({0})", SQLDataType.DECIMAL, SESSION_RECORD.COST_USD)
                        : DSL.sum(SESSION_RECORD.COST_USD))
                .as("m_cost_usd");
    }

    /** Returns the aggregate columns, to select. */
    List<SelectField<?>> fields() {
        return List.of(
                sessions,
                iterations,
                inputTokens,
                outputTokens,
                cacheCreationTokens,
                cacheReadTokens,
                turns,
                costUsd,
                agentMillis);
    }

    /** Returns the metrics in a row that selected {@link #fields()}, read by their names. */
    TaskMetrics read(ResultSet r) throws SQLException {
        int sessionCount = r.getInt(sessions.getName());
        if (sessionCount == 0) {
            return TaskMetrics.ZERO;
        }
        BigDecimal cost = r.getBigDecimal(costUsd.getName());
        return new TaskMetrics(
                r.getInt(iterations.getName()),
                sessionCount,
                r.getLong(inputTokens.getName()),
                r.getLong(outputTokens.getName()),
                r.getLong(cacheCreationTokens.getName()),
                r.getLong(cacheReadTokens.getName()),
                r.getLong(turns.getName()),
                cost == null ? BigDecimal.ZERO : cost,
                Duration.ofMillis(r.getLong(agentMillis.getName())));
    }
}
