package dev.obra.orchestrator.sqlite;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.files.PrivateFiles;
import dev.obra.orchestrator.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens each kind of database: checks what can be checked before touching it, so that a bad path or URL gets a
 * message that says which and what to do, migrates the schema, and sets up the connections.
 */
final class StoreOpener {
    /** How long SQLite waits for another process's write lock. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);
    /** How long H2 waits for a row lock held by another connection. */
    static final Duration H2_LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** Connections kept by the embedded pools: SQLite writes one at a time anyway; reads go in parallel. */
    static final int POOL_SIZE = 4;

    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(60);

    private StoreOpener() {}

    static Database sqlite(Path file) {
        Path path = file.toAbsolutePath().normalize();
        String description = "SQLite database " + path;
        boolean created = checkSqlitePath(path, description);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + path);
        String version = Migrations.migrate(Backend.SQLITE, dataSource, description);
        if (created) {
            restrictCompanions(path, description);
        }
        ConnectionPool pool = pool(dataSource, c -> Function.create(c, DecimalSum.NAME, new DecimalSum()), description);
        return new Database(Backend.SQLITE, description, version, pool);
    }

    /** Sets up a new physical connection before the pool hands it out. */
    private interface Setup {
        void apply(Connection connection) throws SQLException;
    }

    /** Returns a pool of connections from {@code dataSource}, each set up once; one whose setup fails is closed. */
    private static ConnectionPool pool(DataSource dataSource, Setup setup, String description) {
        return new ConnectionPool(
                () -> {
                    Connection connection = dataSource.getConnection();
                    try {
                        setup.apply(connection);
                    } catch (SQLException e) {
                        connection.close();
                        throw e;
                    }
                    return connection;
                },
                POOL_SIZE,
                ACQUIRE_TIMEOUT,
                description);
    }

    /** Checks the path; creates the file (0600) and its folders (0700) when missing; returns whether it did. */
    private static boolean checkSqlitePath(Path path, String description) {
        if (Files.isDirectory(path)) {
            throw new StoreException(description + " cannot be opened: " + path + " is a folder. Give the path of a "
                    + "database file, for example " + path.resolve("obra.db"));
        }
        Path folder = path.getParent();
        boolean created = false;
        if (Files.exists(path)) {
            if (!Files.isRegularFile(path)) {
                throw new StoreException(description + " cannot be opened: it is not a regular file");
            }
            if (readOnly(path)) {
                throw new StoreException(description + " cannot be opened: the file is read-only. Make it writable "
                        + "(chmod u+w) or give another path; the store writes to it");
            }
        } else {
            try {
                PrivateFiles.createFolders(folder);
            } catch (IOException e) {
                throw new StoreException(
                        description + " cannot be created: its folder " + folder + " cannot be created (" + e
                                + "). Give a path in a writable folder",
                        e);
            }
        }
        if (readOnly(folder)) {
            throw new StoreException(description + " cannot be opened: its folder " + folder + " is read-only, and "
                    + "SQLite keeps its write-ahead log beside the file. Make the folder writable or move the file");
        }
        if (!Files.exists(path)) {
            // SQLite takes an empty file for a new database, and gives its -wal and -shm the file's mode.
            try {
                created = PrivateFiles.createFile(path);
            } catch (IOException e) {
                throw new StoreException(
                        description + " cannot be created (" + e + "). Give a path in a writable " + "folder", e);
            }
        }
        return created;
    }

    /** Makes sure the -wal and -shm files SQLite made beside a file we created are private too. */
    private static void restrictCompanions(Path path, String description) {
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path companion = path.resolveSibling(path.getFileName() + suffix);
            try {
                if (Files.exists(companion)) {
                    PrivateFiles.restrict(companion, PrivateFiles.FILE);
                }
            } catch (IOException e) {
                throw new StoreException(description + ": cannot make " + companion + " private (" + e + ")", e);
            }
        }
    }

    /** Whether a path may not be written: by access rights, or (for root, who ignores them) by its owner bits. */
    private static boolean readOnly(Path path) {
        if (!Files.isWritable(path)) {
            return true;
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            return !attributes.permissions().contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    static Database h2(String jdbcUrl) {
        String shown = describe(jdbcUrl);
        if (!jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            throw new StoreException(
                    "JooqSessionStore.h2 needs a jdbc:h2: URL, was " + shown + ". " + otherFactory(jdbcUrl));
        }
        String description = "H2 database " + shown;
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        ConnectionPool pool = pool(
                dataSource,
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT.toMillis());
                    }
                },
                description);
        // An in-memory database lives while one connection to it is open: the pool keeps one from before the
        // migration (idle connections stay open until the store closes).
        ConnectionSource.Lease keeper;
        try {
            keeper = pool.acquire();
        } catch (SQLException e) {
            pool.close();
            throw new StoreException(
                    "cannot open " + description + ": " + StoreFailures.cause(e) + StoreFailures.hint(e), e);
        }
        String version;
        try {
            version = Migrations.migrate(Backend.H2, dataSource, description);
        } catch (RuntimeException e) {
            pool.release(keeper);
            pool.close();
            throw e;
        }
        pool.release(keeper);
        return new Database(Backend.H2, description, version, pool);
    }

    static Database postgres(DataSource dataSource) {
        String description;
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            String url = describe(String.valueOf(connection.getMetaData().getURL()));
            if (!"PostgreSQL".equals(product)) {
                throw new StoreException("JooqSessionStore.postgres needs a DataSource for PostgreSQL, but " + url
                        + " is " + product + ". " + otherFactory(url));
            }
            description = "PostgreSQL database " + url;
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot connect to PostgreSQL through the DataSource: " + StoreFailures.cause(e)
                            + StoreFailures.hint(e),
                    e);
        }
        String version = Migrations.migrate(Backend.POSTGRES, dataSource, description);
        return new Database(Backend.POSTGRES, description, version, new DataSourceConnections(dataSource));
    }

    private static String otherFactory(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return "For SQLite use JooqSessionStore.sqlite(Path)";
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return "For PostgreSQL use JooqSessionStore.postgres(DataSource)";
        }
        if (lower.startsWith("jdbc:h2:")) {
            return "For H2 use JooqSessionStore.h2(String)";
        }
        return "The store runs on SQLite, H2 and PostgreSQL only";
    }

    /** Returns a URL as the store names its database in messages: redacted, and without its parameters. */
    static String describe(String url) {
        String shown = redact(url);
        int cut = shown.length();
        for (char c : new char[] {'?', ';'}) {
            int i = shown.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return shown.substring(0, cut);
    }

    private static final Pattern USER_INFO = Pattern.compile("//[^\\s/:@]*(?::\\S*)?@");
    /** User info quoted without its URL, as a driver's "unknown host user:password@host" does. */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(?<=^|[\\s(\"'=])[^\\s/:@\"'(]+:[^\\s\"']*@");

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b(user|username|password|passwd|pwd|sslpassword|sslkey|accesstoken|token|apikey|api_key|secret)"
                    + "=[^&;\\s]*");

    /**
     * Returns {@code text} (a JDBC URL, or a message that may quote one) without what may carry credentials: user
     * info ({@code //user:password@}) is dropped and the values of user and password parameters become {@code ***}.
     */
    static String redact(String text) {
        requireNonNull(text, "text");
        String shown =
                BARE_USER_INFO.matcher(USER_INFO.matcher(text).replaceAll("//")).replaceAll("");
        return SECRET_PARAMETER.matcher(shown).replaceAll("$1=***");
    }
}
