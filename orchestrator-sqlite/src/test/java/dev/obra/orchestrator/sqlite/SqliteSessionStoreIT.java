package dev.obra.orchestrator.sqlite;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The store contract on a SQLite file in folders that do not exist yet, closed and reopened where it reopens. */
class SqliteSessionStoreIT extends JooqSessionStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("nested/folders/obra.db");
    }

    @Override
    protected JooqSessionStore open(JooqSessionStore.Options options) {
        return JooqSessionStore.sqlite(file(), options);
    }

    @Override
    protected DataSource plainDataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file());
        return dataSource;
    }

    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
