package dev.obra.orchestrator.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small fixed-size pool of physical connections to an embedded database (SQLite or H2), each with the statements
 * prepared on it. Connections are opened lazily, reused, and replaced when one was found closed or left in a
 * transaction. No dependency on a pool library: an embedded store needs only a handful of connections and no
 * validation queries.
 */
final class ConnectionPool implements ConnectionSource {
    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
    /** How long {@link #close()} waits for borrowed connections to come back. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(10);

    /** Opens one new physical connection, already configured. */
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int size;
    private final Duration acquireTimeout;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Deque<Lease> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ConnectionPool(Opener opener, int size, Duration acquireTimeout, String description) {
        this.opener = opener;
        this.size = size;
        this.acquireTimeout = acquireTimeout;
        this.description = description;
    }

    @Override
    public Lease acquire() throws SQLException {
        long deadline = System.nanoTime() + acquireTimeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("the store for " + description + " is closed");
                }
                Lease lease = idle.pollFirst();
                if (lease != null) {
                    return lease;
                }
                if (open < size) {
                    open++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLException("all " + size + " connections to " + description + " stayed busy for "
                            + acquireTimeout.toSeconds() + " s");
                }
                returned.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection to " + description, e);
        } finally {
            lock.unlock();
        }
        // Open outside the lock: opening a file database can take a while and must not block releases.
        try {
            return new Lease(opener.open(), new HashMap<>());
        } catch (SQLException | RuntimeException e) {
            forget();
            throw e;
        }
    }

    @Override
    public void release(Lease lease) {
        boolean usable;
        try {
            usable = !lease.connection().isClosed() && lease.connection().getAutoCommit();
        } catch (SQLException e) {
            usable = false;
        }
        lock.lock();
        try {
            if (usable && !closed) {
                idle.addFirst(lease);
                returned.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(lease.connection());
        forget();
    }

    private void forget() {
        lock.lock();
        try {
            open--;
            returned.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the idle connections at once, then waits at most {@link #RELEASE_TIMEOUT} for the borrowed ones to come
     * back, which closes them too.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            while (!idle.isEmpty()) {
                closeQuietly(idle.pollFirst().connection());
                open--;
            }
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        awaitReleased(RELEASE_TIMEOUT);
    }

    /** Waits until every borrowed connection is back (and closed), at most {@code timeout}. */
    private void awaitReleased(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                returned.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing a connection to {} failed: {}", description, e.toString());
        }
    }
}
