package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file, closed and reopened wherever the contract reopens. */
class SqliteSessionStoreIT extends SessionStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("nested/folders/obra.db");
    }

    @Override
    protected SessionStore createStore() {
        return JooqSessionStore.sqlite(file());
    }

    @Override
    protected SessionStore reopen(SessionStore current) {
        current.close();
        return JooqSessionStore.sqlite(file());
    }
}
