package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.task;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child of {@link SqlitePermissionsIT}: opens the SQLite file in {@code args[0]}, records a task, prints
 * {@code OPEN}, and keeps the store open (with its -wal and -shm files) until its stdin ends.
 */
public final class StoreHolder {
    private StoreHolder() {}

    public static void main(String[] args) throws IOException {
        try (JooqSessionStore store = JooqSessionStore.sqlite(Path.of(args[0]))) {
            store.createTask(task("private by default", T0));
            System.out.println("OPEN");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.out.println("CLOSED");
    }
}
