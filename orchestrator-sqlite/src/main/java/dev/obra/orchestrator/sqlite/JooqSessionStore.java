package dev.obra.orchestrator.sqlite;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.store.TaskSummary;
import dev.obra.orchestrator.workspace.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in SQL, through jOOQ: a SQLite file by default, or H2, or PostgreSQL. Opening a store
 * creates its tables, or upgrades those of an older version, and recovers the sessions of processes that crashed.
 *
 * <pre>{@code
 * try (JooqSessionStore store = JooqSessionStore.sqlite(Path.of("obra.db"))) {
 *     Orchestrator.builder().agent(agent).sessionStore(store).build().run(Task.of("Add a --json flag"));
 * }
 * }</pre>
 *
 * <p>Every write is one transaction. Times are kept in UTC to the millisecond and costs as exact decimals to 20
 * places. While it is open the store refreshes a heartbeat on its running tasks and sessions from a daemon thread;
 * a store that finds another's heartbeat older than {@link Options#abandonAfter()} marks that store's running
 * sessions {@link SessionStatus#ABANDONED} and its running tasks {@code FAILED}. Several threads may use one store,
 * and several processes one SQLite file or one PostgreSQL database. Thread-safe. The database layout is described in
 * {@code docs/store.md}.
 */
public final class JooqSessionStore implements SessionStore {
    private static final Logger log = LoggerFactory.getLogger(JooqSessionStore.class);

    static {
        // jOOQ prints a banner and tips on first use unless told not to; a library should not write to its
        // user's log unasked. An explicit setting of the user's wins.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final Database db;
    private final Options options;
    private final StoreWrites writes;
    private final StoreReads reads;
    private final Heartbeat heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JooqSessionStore(Database db, Options options) {
        this.db = db;
        this.options = options;
        String owner = OwnerIds.current();
        this.writes = new StoreWrites(db, owner);
        this.reads = new StoreReads(db);
        try {
            int recovered = recover();
            log.debug("Opened {} as owner {}; recovered {} abandoned sessions", db.description, owner, recovered);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        this.heartbeat = Heartbeat.start(options.heartbeatInterval(), this::beat, db.description);
    }

    /**
     * Opens the store in a SQLite file, creating the file and its folders if they are missing, with default
     * {@link Options}. The file is used in WAL mode with foreign keys on and a busy timeout of 30 s, so that other
     * processes may use it at the same time.
     *
     * @param file the SQLite database file
     * @return the open store
     * @throws StoreException when the path is a folder, the file or its folder is read-only, the file is not an
     *                        SQLite database, or it was written by a newer version of Obra
     */
    public static JooqSessionStore sqlite(java.nio.file.Path file) {
        return sqlite(file, Options.defaults());
    }

    /**
     * As {@link #sqlite(java.nio.file.Path)}, with the given options.
     *
     * @param file the SQLite database file
     * @param options how the store behaves
     * @return the open store
     */
    public static JooqSessionStore sqlite(java.nio.file.Path file, Options options) {
        requireNonNull(file, "file");
        requireNonNull(options, "options");
        return new JooqSessionStore(StoreOpener.sqlite(file), options);
    }

    /**
     * Opens the store in the H2 database at {@code jdbcUrl} ({@code jdbc:h2:...}), with default {@link Options}.
     * An H2 file database can be used by one process at a time; an in-memory one ({@code jdbc:h2:mem:...}) keeps
     * its data while the store is open.
     *
     * @param jdbcUrl an H2 JDBC URL ({@code jdbc:h2:...})
     * @return the open store
     * @throws StoreException when the URL is not an H2 URL, the database cannot be opened, or it was written by a
     *                        newer version of Obra
     */
    public static JooqSessionStore h2(String jdbcUrl) {
        return h2(jdbcUrl, Options.defaults());
    }

    /**
     * As {@link #h2(String)}, with the given options.
     *
     * @param jdbcUrl an H2 JDBC URL ({@code jdbc:h2:...})
     * @param options how the store behaves
     * @return the open store
     */
    public static JooqSessionStore h2(String jdbcUrl, Options options) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(options, "options");
        return new JooqSessionStore(StoreOpener.h2(jdbcUrl), options);
    }

    /**
     * Opens the store in the PostgreSQL database of {@code dataSource}, with default {@link Options}. The store
     * borrows one connection per operation and gives it back at once, so pass a pooled {@code DataSource}; it stays
     * yours to close. Give Obra a database or schema of its own: its tables are named {@code task},
     * {@code session_record}, {@code iteration} and {@code breakpoint_event}.
     *
     * @param dataSource leads to the PostgreSQL database (a pool is best); stays yours to close
     * @return the open store
     * @throws StoreException when the DataSource does not lead to PostgreSQL, the database cannot be reached, it
     *                        holds other tables, or it was written by a newer version of Obra
     */
    public static JooqSessionStore postgres(DataSource dataSource) {
        return postgres(dataSource, Options.defaults());
    }

    /**
     * As {@link #postgres(DataSource)}, with the given options.
     *
     * @param dataSource leads to the PostgreSQL database (a pool is best); stays yours to close
     * @param options how the store behaves
     * @return the open store
     */
    public static JooqSessionStore postgres(DataSource dataSource, Options options) {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(options, "options");
        return new JooqSessionStore(StoreOpener.postgres(dataSource), options);
    }

    /**
     * Returns {@code text}, a JDBC URL or a message that may quote one, as it may be shown or logged: user info
     * ({@code //user:password@}) dropped, and the values of user, password and token parameters replaced by
     * {@code ***}. The store's own messages and logs already pass through it.
     *
     * @param text the URL or message
     * @return the text without credentials
     */
    public static String redact(String text) {
        return StoreOpener.redact(text);
    }

    @Override
    public void createTask(TaskRecord task) {
        requireNonNull(task, "task");
        ensureOpen();
        writes.createTask(task);
    }

    @Override
    public void finishTask(TaskRecord finished) {
        requireNonNull(finished, "finished");
        ensureOpen();
        writes.finishTask(finished);
    }

    @Override
    public void recordDelivery(TaskId id, Delivery delivery) {
        requireNonNull(id, "id");
        requireNonNull(delivery, "delivery");
        ensureOpen();
        writes.recordDelivery(id, delivery);
    }

    @Override
    public List<TaskRecord> pendingDeliveries() {
        ensureOpen();
        return reads.pendingDeliveries();
    }

    @Override
    public void openSession(SessionRecord session) {
        requireNonNull(session, "session");
        ensureOpen();
        writes.openSession(session);
    }

    @Override
    public void closeSession(SessionRecord closed) {
        requireNonNull(closed, "closed");
        ensureOpen();
        writes.closeSession(closed);
    }

    @Override
    public void recordIteration(IterationRecord iteration) {
        requireNonNull(iteration, "iteration");
        ensureOpen();
        writes.recordIteration(iteration);
    }

    @Override
    public void recordBreakpoint(BreakpointRecord breakpoint) {
        requireNonNull(breakpoint, "breakpoint");
        ensureOpen();
        writes.recordBreakpoint(breakpoint);
    }

    @Override
    public Optional<TaskRecord> findTask(TaskId id) {
        requireNonNull(id, "id");
        ensureOpen();
        return reads.findTask(id);
    }

    @Override
    public List<TaskSummary> listTasks(TaskQuery query) {
        requireNonNull(query, "query");
        ensureOpen();
        return reads.listTasks(query);
    }

    @Override
    public List<SessionRecord> sessions(TaskId id) {
        requireNonNull(id, "id");
        ensureOpen();
        return reads.sessions(id);
    }

    @Override
    public List<IterationRecord> iterations(TaskId id) {
        requireNonNull(id, "id");
        ensureOpen();
        return reads.iterations(id);
    }

    @Override
    public List<BreakpointRecord> breakpoints(TaskId id) {
        requireNonNull(id, "id");
        ensureOpen();
        return reads.breakpoints(id);
    }

    /** Returns the task's metrics from one aggregate query over its sessions. */
    @Override
    public TaskMetrics taskMetrics(TaskId id) {
        requireNonNull(id, "id");
        ensureOpen();
        return reads.taskMetrics(id);
    }

    /**
     * Returns the schema version this store's database is at, for example {@code "1"}.
     *
     * @return the schema version this store's database is at, for example {@code "1"}
     */
    public String schemaVersion() {
        return db.schemaVersion;
    }

    /**
     * Marks the running sessions of stores whose heartbeat is older than {@link Options#abandonAfter()} as
     * {@link SessionStatus#ABANDONED} (their usage unknown, their time counted up to the last heartbeat), and those
     * stores' running tasks as {@code FAILED} with the reason. Runs when the store opens and after every heartbeat;
     * this store's own sessions are never touched.
     */
    @Override
    public int recoverAbandonedSessions() {
        ensureOpen();
        return recover();
    }

    private int recover() {
        long cutoff = System.currentTimeMillis() - options.abandonAfter().toMillis();
        int recovered;
        try {
            recovered = writes.recoverAbandoned(cutoff);
        } catch (DatabaseException e) {
            throw StoreFailures.of("cannot recover abandoned sessions", db, e);
        }
        if (recovered > 0) {
            log.warn(
                    "Marked {} session{} ABANDONED in {}: the process that ran them stopped heartbeating",
                    recovered,
                    recovered == 1 ? "" : "s",
                    db.description);
        }
        return recovered;
    }

    private void beat() {
        // close() waits for a beat under way before it closes the connections; a beat that starts later does nothing.
        if (closed.get()) {
            return;
        }
        try {
            writes.heartbeat();
        } catch (DatabaseException e) {
            throw StoreFailures.of("cannot refresh the heartbeat", db, e);
        }
        recover();
    }

    /** Stops the heartbeat and closes the store's connections (a PostgreSQL DataSource stays open). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.close();
        db.close();
    }

    /** Returns a description of the database, for example {@code SQLite database /home/me/obra.db}. */
    @Override
    public String toString() {
        return "JooqSessionStore[" + db.description + "]";
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store for " + db.description + " is closed");
        }
    }

    /**
     * How a store watches for crashed processes. Immutable and thread-safe; the builder is not.
     *
     * @param heartbeatInterval how often the store refreshes the heartbeat of its running tasks and sessions, and
     *                          looks for abandoned ones; default {@link #DEFAULT_HEARTBEAT_INTERVAL}
     * @param abandonAfter      how old another store's heartbeat must be for its running sessions to count as
     *                          abandoned; at least twice the interval; default {@link #DEFAULT_ABANDON_AFTER}.
     *                          Clocks of machines that share a PostgreSQL store must agree well within it
     */
    public record Options(Duration heartbeatInterval, Duration abandonAfter) {
        /** The default heartbeat interval: 10 seconds. */
        public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
        /** The default age of a heartbeat after which sessions count as abandoned: 60 seconds. */
        public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofSeconds(60);

        /**
         * Checks the options; see {@link Builder#build()}.
         *
         * @param heartbeatInterval how often the store beats and looks for abandoned sessions
         * @param abandonAfter how old a heartbeat must be for its sessions to count as abandoned
         */
        public Options {
            requireNonNull(heartbeatInterval, "heartbeatInterval");
            requireNonNull(abandonAfter, "abandonAfter");
            if (heartbeatInterval.toMillis() < 1) {
                throw new IllegalArgumentException("heartbeatInterval must be at least 1 ms, was " + heartbeatInterval);
            }
            if (abandonAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("abandonAfter (" + abandonAfter + ") must be at least twice the "
                        + "heartbeatInterval (" + heartbeatInterval + "), or living stores would look dead");
            }
        }

        /**
         * Returns the default options.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_ABANDON_AFTER);
        }

        /**
         * Returns a builder with the default options.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Returns a builder with these options.
         *
         * @return this builder
         */
        public Builder toBuilder() {
            return builder().heartbeatInterval(heartbeatInterval).abandonAfter(abandonAfter);
        }

        /** Builds {@link Options}. Not thread-safe. */
        public static final class Builder {
            private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
            private Duration abandonAfter = DEFAULT_ABANDON_AFTER;

            private Builder() {}

            /**
             * Sets how often the store beats and looks for abandoned sessions (default 10 s).
             *
             * @param value how often the store beats and looks
             * @return this builder
             */
            public Builder heartbeatInterval(Duration value) {
                heartbeatInterval = requireNonNull(value, "heartbeatInterval");
                return this;
            }

            /**
             * Sets how old a heartbeat must be for its sessions to count as abandoned (default 60 s).
             *
             * @param value how old a heartbeat must be
             * @return this builder
             */
            public Builder abandonAfter(Duration value) {
                abandonAfter = requireNonNull(value, "abandonAfter");
                return this;
            }

            /**
             * Returns the options.
             *
             * @return the options
             * @throws IllegalArgumentException when the interval is under 1 ms or abandonAfter is less than twice it
             */
            public Options build() {
                return new Options(heartbeatInterval, abandonAfter);
            }
        }
    }
}
