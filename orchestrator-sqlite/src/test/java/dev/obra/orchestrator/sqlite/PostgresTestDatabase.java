package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.testing.Required;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server for tests: {@code OBRA_TEST_POSTGRES_URL}, a full URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/obra_test?user=obra&password=secret}, as {@code .ci/setup.d/30-postgres.sh}
 * exports it. When it is absent, tests that need it are skipped with a message, unless {@code CI=true}, where they
 * fail.
 */
final class PostgresTestDatabase {
    static final String URL_VARIABLE = "OBRA_TEST_POSTGRES_URL";

    private final String url;

    private PostgresTestDatabase(String url) {
        this.url = url;
    }

    /** Returns the database, or skips the calling test (fails it on CI) when no URL is set. */
    static PostgresTestDatabase require() {
        Optional<String> url = Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(u -> !u.isBlank());
        if (url.isEmpty()) {
            Required.missing(URL_VARIABLE + " is not set, so there is no PostgreSQL server to test against; "
                    + ".ci/setup.d/30-postgres.sh starts one and sets it");
        }
        return new PostgresTestDatabase(url.get());
    }

    /** Creates an empty schema and returns a pooled DataSource whose connections use it. */
    Schema newSchema(String name) throws SQLException {
        try (Connection c = plain(Optional.empty()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        @SuppressWarnings("deprecation")
        org.postgresql.ds.PGPoolingDataSource pooled = new org.postgresql.ds.PGPoolingDataSource();
        pooled.setURL(url);
        pooled.setCurrentSchema(name);
        pooled.setMaxConnections(8);
        pooled.setDataSourceName(name);
        return new Schema(name, pooled);
    }

    private DataSource plain(Optional<String> schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        schema.ifPresent(dataSource::setCurrentSchema);
        return dataSource;
    }

    /** A schema of one test, with a pooled DataSource on it. */
    final class Schema {
        private final String name;

        @SuppressWarnings("deprecation")
        private final org.postgresql.ds.PGPoolingDataSource pooled;

        @SuppressWarnings("deprecation")
        Schema(String name, org.postgresql.ds.PGPoolingDataSource pooled) {
            this.name = name;
            this.pooled = pooled;
        }

        String name() {
            return name;
        }

        DataSource dataSource() {
            return pooled;
        }

        /** Closes the pool and drops the schema with everything in it. */
        @SuppressWarnings("deprecation")
        void drop() {
            pooled.close();
            try (Connection c = plain(Optional.empty()).getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + name + " CASCADE");
            } catch (SQLException e) {
                throw new AssertionError("cannot drop schema " + name, e);
            }
        }
    }
}
