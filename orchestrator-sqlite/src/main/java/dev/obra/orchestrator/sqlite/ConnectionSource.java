package dev.obra.orchestrator.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** Where the store gets its connections: a pool it owns, or the user's {@code DataSource}. */
interface ConnectionSource extends AutoCloseable {

    /** Returns a connection in auto-commit mode, for one operation. */
    Connection acquire() throws SQLException;

    /** Gives back a connection from {@link #acquire()}; it is discarded when it was closed or is broken. */
    void release(Connection connection);

    /** Closes the connections this source owns. */
    @Override
    void close();
}
