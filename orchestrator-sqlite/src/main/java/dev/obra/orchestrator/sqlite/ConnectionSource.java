package dev.obra.orchestrator.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** Where the store gets its connections: a pool it owns, or the user's {@code DataSource}. */
interface ConnectionSource extends AutoCloseable {

    /**
     * A connection lent for one operation, in auto-commit mode.
     *
     * @param connection the connection
     * @param statements statements prepared on it, kept for reuse; null when the connection is not kept
     */
    record Lease(Connection connection, Map<String, PreparedStatement> statements) {}

    /** Lends a connection for one operation. */
    Lease acquire() throws SQLException;

    /** Takes back a lease; its connection is discarded when it was closed or left in a transaction. */
    void release(Lease lease);

    /** Closes the connections this source owns. */
    @Override
    void close();
}
