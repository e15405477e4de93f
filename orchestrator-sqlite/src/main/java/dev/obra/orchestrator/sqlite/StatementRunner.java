package dev.obra.orchestrator.sqlite;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.ResultQuery;

/**
 * Runs statements on the one connection of an operation. Statements are prepared once per pooled connection and
 * reused (the SQLite and H2 pools); with a user's DataSource they are prepared per call and the driver caches them.
 */
final class StatementRunner {

    /** Reads the rows of a result. */
    interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Sets the parameters of a prepared statement. */
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Executes a bound statement. */
    private interface Execution<T> {
        T execute(PreparedStatement statement) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> cache;
    private final DSLContext dsl;
    private final boolean costAsText;

    /**
     * {@code cache} keeps prepared statements for this connection, or is null to prepare per call; {@code dsl}
     * renders the statements that are not {@link PreparedSql}s.
     */
    StatementRunner(Connection connection, Map<String, PreparedStatement> cache, DSLContext dsl, boolean costAsText) {
        this.connection = connection;
        this.cache = cache;
        this.dsl = dsl;
        this.costAsText = costAsText;
    }

    Connection connection() {
        return connection;
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    int update(PreparedSql template, Map<Field<?>, Object> values) throws SQLException {
        return run(template.sql(), s -> bind(s, template.params(), values), PreparedStatement::executeUpdate);
    }

    /** Runs a query and reads its rows; the result is closed before this returns. */
    <T> T query(PreparedSql template, Map<Field<?>, Object> values, Reader<T> reader) throws SQLException {
        return run(template.sql(), s -> bind(s, template.params(), values), s -> read(s, reader));
    }

    /** Renders an insert, update or delete for this call and runs it; returns the rows it changed. */
    int update(Query query) throws SQLException {
        return run(dsl.render(query), s -> bind(s, dsl.extractBindValues(query)), PreparedStatement::executeUpdate);
    }

    /** Renders a query for this call, runs it and reads its rows; the result is closed before this returns. */
    <T> T query(ResultQuery<?> query, Reader<T> reader) throws SQLException {
        return run(dsl.render(query), s -> bind(s, dsl.extractBindValues(query)), s -> read(s, reader));
    }

    /** Reads every row of {@code rows} with {@code row}. */
    static <T> List<T> all(ResultSet rows, Reader<T> row) throws SQLException {
        List<T> list = new ArrayList<>();
        while (rows.next()) {
            list.add(row.read(rows));
        }
        return list;
    }

    /** Prepares {@code sql} (or takes it from the cache), binds its values and executes it. */
    private <T> T run(String sql, Binder binder, Execution<T> execution) throws SQLException {
        PreparedStatement statement = prepare(sql);
        try {
            binder.bind(statement);
            return execution.execute(statement);
        } finally {
            done(statement);
        }
    }

    private static <T> T read(PreparedStatement statement, Reader<T> reader) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        if (cache == null) {
            return connection.prepareStatement(sql);
        }
        PreparedStatement statement = cache.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            cache.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    private void done(PreparedStatement statement) throws SQLException {
        if (cache == null) {
            statement.close();
        }
    }

    private void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            set(statement, i + 1, values.get(i), Types.OTHER);
        }
    }

    private void bind(PreparedStatement statement, List<Field<?>> params, Map<Field<?>, Object> values)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Field<?> field = params.get(i);
            if (!values.containsKey(field)) {
                throw new IllegalStateException("no value for " + field.getName());
            }
            set(statement, i + 1, values.get(field), field.getDataType().getSQLType());
        }
    }

    private void set(PreparedStatement statement, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType == Types.OTHER ? Types.VARCHAR : sqlType);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else if (value instanceof BigDecimal decimal) {
            // SQLite keeps costs as exact text; the others have DECIMAL columns.
            if (costAsText) {
                statement.setString(index, decimal.toPlainString());
            } else {
                statement.setBigDecimal(index, decimal);
            }
        } else {
            throw new IllegalArgumentException(
                    "cannot bind a " + value.getClass().getName());
        }
    }
}
