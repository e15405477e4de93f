package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.sqlite.JooqSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * A throwaway database for the store benchmarks: a SQLite file or an H2 file in a temporary folder, or a schema of
 * its own in the PostgreSQL server of {@code OBRA_TEST_POSTGRES_URL}. Removed on close.
 */
final class BenchDatabase implements AutoCloseable {
    /** The databases the store runs on. */
    enum Kind {
        SQLITE,
        H2,
        POSTGRES
    }

    static final String POSTGRES_URL_VARIABLE = "OBRA_TEST_POSTGRES_URL";
    private static final String POSTGRES_SCHEMA = "obra_bench";

    final Kind kind;
    private final Path folder;
    private final String url;

    @SuppressWarnings("deprecation")
    private org.postgresql.ds.PGPoolingDataSource pool;

    private BenchDatabase(Kind kind, Path folder, String url) {
        this.kind = kind;
        this.folder = folder;
        this.url = url;
    }

    /** Returns a new, empty database of the given kind. */
    /** Returns why there is no PostgreSQL server to use, if there is none. */
    static Optional<String> postgresUnavailable() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        return url == null || url.isBlank()
                ? Optional.of(POSTGRES_URL_VARIABLE + " is not set: start a server with .ci/setup.d/30-postgres.sh "
                        + "(see docs/benchmarks.md)")
                : Optional.empty();
    }

    static BenchDatabase create(Kind kind) throws IOException, SQLException {
        if (kind == Kind.POSTGRES) {
            Optional<String> unavailable = postgresUnavailable();
            if (unavailable.isPresent()) {
                throw new IllegalStateException(unavailable.get());
            }
            String url = System.getenv(POSTGRES_URL_VARIABLE);
            String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + POSTGRES_SCHEMA;
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
                s.execute("CREATE SCHEMA " + POSTGRES_SCHEMA);
            }
            return new BenchDatabase(kind, null, schemaUrl);
        }
        Path folder = Files.createTempDirectory("obra-bench-");
        return new BenchDatabase(
                kind,
                folder,
                kind == Kind.SQLITE
                        ? "jdbc:sqlite:" + folder.resolve("obra.db")
                        : "jdbc:h2:file:" + folder.resolve("obra"));
    }

    /** Opens the store under test on this database, with default options. */
    @SuppressWarnings("deprecation")
    JooqSessionStore openStore() {
        return switch (kind) {
            case SQLITE -> JooqSessionStore.sqlite(folder.resolve("obra.db"));
            case H2 -> JooqSessionStore.h2(url);
            case POSTGRES -> {
                // A pooled DataSource, as the store's Javadoc asks for: pgjdbc's own simple pool.
                pool = new org.postgresql.ds.PGPoolingDataSource();
                pool.setDataSourceName("obra-bench");
                pool.setURL(url);
                pool.setMaxConnections(4);
                yield JooqSessionStore.postgres(pool);
            }
            default -> throw new IllegalStateException("unhandled " + kind);
        };
    }

    /** Returns a plain JDBC connection, set up as the store sets up its own (WAL, FULL sync, busy timeout, FKs). */
    Connection rawConnection() throws SQLException {
        if (kind == Kind.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(30_000);
            config.enforceForeignKeys(true);
            return config.createConnection(url);
        }
        // Rewritten batches only speed up writing the 1,000,000 rows; single statements are unaffected.
        return DriverManager.getConnection(kind == Kind.POSTGRES ? url + "&reWriteBatchedInserts=true" : url);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void close() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (kind == Kind.POSTGRES) {
            try (Connection c = DriverManager.getConnection(System.getenv(POSTGRES_URL_VARIABLE));
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
            }
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
