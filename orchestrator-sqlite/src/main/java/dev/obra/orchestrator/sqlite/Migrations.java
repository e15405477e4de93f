package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.store.StoreException;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's schema to this version with Flyway, from {@code db/migration/<database>/}: creates it in an empty
 * database, upgrades an older one, and refuses one written by a newer version. Each migration is one transaction on
 * SQLite and PostgreSQL, so a failed one leaves nothing half-done.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** Flyway's history table; named for Obra, so that it never meets an application's own Flyway history. */
    static final String HISTORY_TABLE = "obra_schema_history";

    /** Processes that open a new SQLite file at once race to create it; the losers try again. */
    private static final int SQLITE_ATTEMPTS = 5;

    private Migrations() {}

    /** Migrates the database behind {@code dataSource}; returns the schema version it is at afterwards. */
    static String migrate(Backend backend, DataSource dataSource, String description) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + backend.migrations)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .baselineOnMigrate(false)
                .validateOnMigrate(true)
                .load();
        int attempts = backend == Backend.SQLITE ? SQLITE_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                refuseNewer(flyway.info(), description);
                MigrateResult result = flyway.migrate();
                int applied = result.migrationsExecuted;
                String version = schemaVersion(result);
                if (applied > 0) {
                    log.info(
                            "Migrated {} to schema version {} ({} migration{})",
                            description,
                            version,
                            applied,
                            applied == 1 ? "" : "s");
                }
                return version;
            } catch (FlywayException e) {
                if (attempt >= attempts) {
                    throw new StoreException(
                            "cannot bring the schema of " + description + " up to date: " + StoreFailures.cause(e)
                                    + hint(backend, e),
                            e);
                }
                log.debug("Migrating {} failed (attempt {}), trying again: {}", description, attempt, e.toString());
            }
        }
    }

    /**
     * Returns the version the schema is at after {@code result}: that of the last migration it applied, or else the
     * one it found, without asking the database again.
     */
    private static String schemaVersion(MigrateResult result) {
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return version == null ? "none" : version;
    }

    private static void refuseNewer(MigrationInfoService info, String description) {
        MigrationVersion known = Arrays.stream(info.all())
                .filter(m ->
                        m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion)
                .filter(v -> v != null)
                .max(MigrationVersion::compareTo)
                .orElse(MigrationVersion.EMPTY);
        Optional<MigrationInfo> future = Arrays.stream(info.applied())
                .filter(m ->
                        m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .reduce((a, b) -> b);
        if (future.isPresent()) {
            throw new StoreException(
                    description + " has schema version " + future.get().getVersion()
                            + ", written by a newer version of Obra; this version knows schema versions up to " + known
                            + ". Open it with that newer version, or use another database; nothing was changed");
        }
    }

    private static String hint(Backend backend, FlywayException e) {
        String known = StoreFailures.hint(e);
        if (!known.isEmpty()) {
            return known;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("non-empty schema") || message.contains("without schema history table")) {
            return ". The database already holds other tables: give Obra a database (or PostgreSQL schema) of its "
                    + "own; nothing was changed";
        }
        return backend == Backend.H2
                ? ". If a migration failed part-way, H2 may have kept part of it (it commits schema changes at once):"
                        + " restore the database from a backup before trying again"
                : ". The migration that failed was rolled back";
    }
}
