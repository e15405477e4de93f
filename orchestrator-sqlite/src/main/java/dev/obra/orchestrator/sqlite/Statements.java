package dev.obra.orchestrator.sqlite;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.jooq.Field;

/**
 * Runs statements on the one connection of an operation. Statements are prepared once per pooled connection and
 * reused (the SQLite and H2 pools); with a user's DataSource they are prepared per call and the driver caches them.
 */
final class Statements {

    /** Reads the rows of a result. */
    interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> cache;
    private final boolean costAsText;

    /** {@code cache} keeps prepared statements for this connection, or is null to prepare per call. */
    Statements(Connection connection, Map<String, PreparedStatement> cache, boolean costAsText) {
        this.connection = connection;
        this.cache = cache;
        this.costAsText = costAsText;
    }

    Connection connection() {
        return connection;
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    int update(Template template, Map<Field<?>, Object> values) throws SQLException {
        PreparedStatement statement = prepare(template.sql());
        try {
            bind(statement, template.params(), values);
            return statement.executeUpdate();
        } finally {
            done(statement);
        }
    }

    /** Runs a query and reads its rows; the result is closed before this returns. */
    <T> T query(Template template, Map<Field<?>, Object> values, Reader<T> reader) throws SQLException {
        PreparedStatement statement = prepare(template.sql());
        try {
            bind(statement, template.params(), values);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } finally {
            done(statement);
        }
    }

    /** Runs an insert, update or delete rendered for this call, with its bind values in order. */
    int update(String sql, List<Object> values) throws SQLException {
        PreparedStatement statement = prepare(sql);
        try {
            bind(statement, values);
            return statement.executeUpdate();
        } finally {
            done(statement);
        }
    }

    /** Runs a query rendered for this call, with its bind values in order. */
    <T> T query(String sql, List<Object> values, Reader<T> reader) throws SQLException {
        PreparedStatement statement = prepare(sql);
        try {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } finally {
            done(statement);
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
        } else if (value instanceof String) {
            statement.setString(index, (String) value);
        } else if (value instanceof Long) {
            statement.setLong(index, (Long) value);
        } else if (value instanceof Integer) {
            statement.setInt(index, (Integer) value);
        } else if (value instanceof Boolean) {
            statement.setBoolean(index, (Boolean) value);
        } else if (value instanceof Double) {
            statement.setDouble(index, (Double) value);
        } else if (value instanceof BigDecimal) {
            // SQLite keeps costs as exact text; the others have DECIMAL columns.
            if (costAsText) {
                statement.setString(index, ((BigDecimal) value).toPlainString());
            } else {
                statement.setBigDecimal(index, (BigDecimal) value);
            }
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
    }
}
