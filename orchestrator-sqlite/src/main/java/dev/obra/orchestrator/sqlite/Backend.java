package dev.obra.orchestrator.sqlite;

import org.jooq.SQLDialect;

/** The databases the store runs on, with what differs between them. */
enum Backend {
    SQLITE(SQLDialect.SQLITE, "sqlite"),
    H2(SQLDialect.H2, "h2"),
    POSTGRES(SQLDialect.POSTGRES, "postgresql");

    final SQLDialect dialect;
    /** The folder under {@code db/migration/} with this database's migrations. */
    final String migrations;

    Backend(SQLDialect dialect, String migrations) {
        this.dialect = dialect;
        this.migrations = migrations;
    }
}
