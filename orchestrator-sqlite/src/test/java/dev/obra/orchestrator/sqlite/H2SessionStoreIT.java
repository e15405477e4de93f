package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database, closed and reopened wherever the contract reopens. */
class H2SessionStoreIT extends SessionStoreContract {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("obra");
    }

    @Override
    protected SessionStore createStore() {
        return JooqSessionStore.h2(url());
    }

    @Override
    protected SessionStore reopen(SessionStore current) {
        current.close();
        return JooqSessionStore.h2(url());
    }
}
