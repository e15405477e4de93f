package dev.obra.orchestrator.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Runs the store's statements on one database: reads, single-statement writes (atomic by themselves) and
 * multi-statement transactions. jOOQ renders the SQL (see {@link #dsl()}); plain JDBC runs it. Failures surface as
 * {@link DatabaseException}; the store turns them into {@code StoreException}s that say what failed.
 *
 * <p>On SQLite, writers of this JVM take turns on a lock, so that they never wait in SQLite's busy handler for each
 * other (it sleeps in steps of milliseconds); other processes are waited for by {@code busy_timeout}. Transactions
 * start with {@code BEGIN IMMEDIATE}, so that a transaction never has to upgrade a read lock, which SQLite refuses
 * without waiting. On H2, every statement runs on the store's own threads, which nobody interrupts, because an
 * interrupt during file IO makes H2 close the database.
 */
final class Database implements AutoCloseable {

    /** Work on the database through the statements of one connection. */
    interface Work<T> {
        T run(StatementRunner statements) throws SQLException;
    }

    final Backend backend;
    /** Names the database in messages, for example {@code SQLite database /home/me/obra.db}. */
    final String description;
    /** The schema version the database was at once migrated, for example {@code 1}. */
    final String schemaVersion;

    private final ConnectionSource connections;
    private final DSLContext dsl;
    private final ReentrantLock writeLock;
    private final ExecutorService worker;

    Database(Backend backend, String description, String schemaVersion, ConnectionSource connections) {
        this.backend = backend;
        this.description = description;
        this.schemaVersion = schemaVersion;
        this.connections = connections;
        this.writeLock = backend == Backend.SQLITE ? new ReentrantLock() : null;
        // One H2 thread per pooled connection.
        this.worker = backend == Backend.H2
                ? Executors.newFixedThreadPool(StoreOpener.POOL_SIZE, r -> {
                    Thread t = new Thread(r, "obra-store-h2");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.dsl = DSL.using(
                backend.dialect,
                new Settings()
                        .withRenderQuotedNames(RenderQuotedNames.NEVER)
                        .withRenderSchema(false)
                        .withExecuteLogging(false)
                        .withRenderFormatted(false));
    }

    /** Returns a context that renders SQL for this database; it runs nothing. */
    DSLContext dsl() {
        return dsl;
    }

    /** Runs {@code work}, which reads, on one connection. */
    <T> T read(Work<T> work) {
        return call(() -> onConnection(work));
    }

    /** Runs {@code work}, a single statement that writes (atomic by itself), on one connection. */
    <T> T write(Work<T> work) {
        return call(() -> locked(() -> onConnection(work)));
    }

    /** Runs {@code work} in one transaction: all of it commits, or none of it. */
    <T> T transaction(Work<T> work) {
        return call(() -> locked(() -> onConnection(inTransaction(work))));
    }

    private <T> T call(Supplier<T> operation) {
        if (worker == null) {
            return operation.get();
        }
        try {
            // join() waits without being interruptible, so an interrupt of the caller never reaches H2's IO.
            return CompletableFuture.supplyAsync(operation, worker).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private <T> T locked(Supplier<T> operation) {
        if (writeLock == null) {
            return operation.get();
        }
        writeLock.lock();
        try {
            return operation.get();
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T onConnection(Work<T> work) {
        ConnectionSource.Lease lease;
        try {
            lease = connections.acquire();
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect: " + e.getMessage(), e);
        }
        try {
            return work.run(
                    new StatementRunner(lease.connection(), lease.statements(), dsl, backend == Backend.SQLITE));
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            connections.release(lease);
        }
    }

    private <T> Work<T> inTransaction(Work<T> work) {
        return statements -> {
            Connection connection = statements.connection();
            begin(connection);
            T result;
            try {
                result = work.run(statements);
                commit(connection);
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
            return result;
        };
    }

    private void begin(Connection connection) throws SQLException {
        if (backend == Backend.SQLITE) {
            execute(connection, "BEGIN IMMEDIATE");
        } else {
            connection.setAutoCommit(false);
        }
    }

    private void commit(Connection connection) throws SQLException {
        if (backend == Backend.SQLITE) {
            execute(connection, "COMMIT");
        } else {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    private void rollback(Connection connection, Throwable failure) {
        try {
            if (backend == Backend.SQLITE) {
                execute(connection, "ROLLBACK");
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            // A connection stuck in a transaction must not go back to the pool.
            try {
                connection.close();
            } catch (SQLException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    public void close() {
        connections.close();
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
