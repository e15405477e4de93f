package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.store.StoreException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Turns a database failure into a {@link StoreException} that names the thing, the cause and what to do. */
final class StoreFailures {
    // H2's error codes (org.h2.api.ErrorCode), by number so that the class is not needed where H2 is not used.
    private static final int H2_DATABASE_NOT_FOUND = 90013;
    private static final int H2_DATABASE_NOT_FOUND_IFEXISTS = 90146;
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_CORRUPTED = 90030;

    private StoreFailures() {}

    /** Returns the exception for {@code what} (for example "cannot open session X of task Y") failing. */
    static StoreException of(String what, Database db, RuntimeException e) {
        return new StoreException(what + " in " + db.description + ": " + cause(e) + hint(e), e);
    }

    /**
     * Returns the most specific message in the chain: the driver's, rather than jOOQ's with the whole SQL; without
     * credentials, should it quote a URL.
     */
    static String cause(Throwable e) {
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                message = String.valueOf(t.getMessage());
            }
        }
        return StoreOpener.redact(message);
    }

    /** Returns advice for the failures a user can do something about, or an empty string. */
    static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                String code = sqlite.getResultCode().name();
                if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
                    return ". Another process kept the database locked longer than the busy timeout: try again, "
                            + "and check that no program holds a transaction open on the file";
                }
                if (code.startsWith("SQLITE_READONLY")) {
                    return ". The database file or its folder is read-only: make both writable, or use another path";
                }
                if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
                    return ". The file is not an SQLite database or is damaged: restore it from a backup or move it "
                            + "away; Obra did not change it";
                }
                if (code.startsWith("SQLITE_FULL")) {
                    return ". The disk is full: free space and try again";
                }
                if (code.startsWith("SQLITE_IOERR_WRITE")) {
                    // SQLite says SQLITE_FULL only for ENOSPC; EFBIG (a file-size limit or quota) and real I/O
                    // errors come as IOERR_WRITE, and the driver does not say which errno it was.
                    return ". The file could not be written: the disk is full, the file reached a file-size limit "
                            + "(ulimit -f, a quota), or the disk failed. Free space or raise the limit and try "
                            + "again; the write was rolled back and the file is whole";
                }
                if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_PERM")) {
                    return ". The file cannot be opened: check the path and its permissions";
                }
            }
            if (t instanceof SQLException sql && t.getClass().getName().startsWith("org.h2.")) {
                int code = sql.getErrorCode();
                if (code == H2_DATABASE_NOT_FOUND || code == H2_DATABASE_NOT_FOUND_IFEXISTS) {
                    return ". The database does not exist: check the path, or drop IFEXISTS=TRUE from the URL";
                }
                if (code == H2_DATABASE_ALREADY_OPEN) {
                    return ". Another process has the database open, and an H2 file database serves one process: "
                            + "use SQLite or PostgreSQL for several";
                }
                if (code == H2_FILE_CORRUPTED) {
                    return ". The file is damaged: restore it from a backup";
                }
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("08")) {
                    return ". The database cannot be reached: check that the server runs and the DataSource points "
                            + "to it";
                }
                if (state != null && state.startsWith("57P")) {
                    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 57P04 database dropped
                    return ". The server ended the connection (it was shut down or restarted): the write was not "
                            + "made; try again once the server is up, and let the pool check its connections";
                }
            }
        }
        return "";
    }
}
