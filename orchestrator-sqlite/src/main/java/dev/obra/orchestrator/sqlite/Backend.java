package dev.obra.orchestrator.sqlite;

import org.jooq.SQLDialect;

/** The databases the store runs on, with what differs between them. */
enum Backend {
    SQLITE(SQLDialect.SQLITE, "sqlite", "SQLite"),
    H2(SQLDialect.H2, "h2", "H2"),
    POSTGRES(SQLDialect.POSTGRES, "postgresql", "PostgreSQL");

    final SQLDialect dialect;
    /** The folder under {@code db/migration/} with this database's migrations. */
    final String migrations;
    final String displayName;

    Backend(SQLDialect dialect, String migrations, String displayName) {
        this.dialect = dialect;
        this.migrations = migrations;
        this.displayName = displayName;
    }
}
