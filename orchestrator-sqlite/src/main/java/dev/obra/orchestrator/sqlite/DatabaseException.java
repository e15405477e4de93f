package dev.obra.orchestrator.sqlite;

import java.sql.SQLException;

/** A statement failed; the store turns it into a {@code StoreException} that says what failed and why. */
final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(String message, SQLException cause) {
        super(message, cause);
    }
}
