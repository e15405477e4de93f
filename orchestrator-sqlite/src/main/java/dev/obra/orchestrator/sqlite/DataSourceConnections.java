package dev.obra.orchestrator.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Borrows one connection from the user's {@code DataSource} per operation and gives it back at once, so that the
 * store never keeps connections from the application's own pool.
 */
final class DataSourceConnections implements ConnectionSource {
    private static final Logger log = LoggerFactory.getLogger(DataSourceConnections.class);

    private final DataSource dataSource;

    DataSourceConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Lease acquire() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return new Lease(connection, null);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            lease.connection().close();
        } catch (SQLException e) {
            log.warn("Giving a connection back to the DataSource failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        // The DataSource is the user's: they close it.
    }
}
