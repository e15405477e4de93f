package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.bareIteration;
import static dev.obra.orchestrator.store.StoreFixtures.completed;
import static dev.obra.orchestrator.store.StoreFixtures.openSession;
import static dev.obra.orchestrator.store.StoreFixtures.task;

import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The child of {@link SqliteCrashIT}: on the SQLite file in {@code args[0]} it runs three iterations of a task and
 * opens the session of a fourth (its agent "runs"), while a second thread opens and closes sessions of another task
 * as fast as it can. Then it writes the two task ids to {@code args[1]} and waits to be killed.
 */
public final class CrashingWriter {
    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        JooqSessionStore store = CrashStores.open(Path.of(args[0]));
        TaskRecord task = task("crashes mid-iteration", T0);
        store.createTask(task);
        for (int i = 1; i <= 3; i++) {
            SessionRecord s = openSession(task.id(), i, 1, T0.plusSeconds(i));
            store.openSession(s);
            store.closeSession(completed(s, new Usage(1000 * i, 10 * i, 0, 0), i, "0.0" + i, 100));
            store.recordIteration(bareIteration(task.id(), i, s.sessionId()));
        }
        store.openSession(openSession(task.id(), 4, 1, T0.plusSeconds(4)));

        TaskRecord busy = task("busy writer", T0);
        store.createTask(busy);
        Thread writer = new Thread(() -> {
            for (int i = 1; ; i++) {
                SessionRecord s = openSession(busy.id(), i, 1, T0.plusMillis(i));
                store.openSession(s);
                store.closeSession(completed(s, new Usage(1, 0, 0, 0), 1, "0.001", 1));
            }
        });
        writer.start();
        Path ids = Path.of(args[1]);
        Path partial =
                Files.writeString(ids.resolveSibling(ids.getFileName() + ".tmp"), task.id() + "\n" + busy.id() + "\n");
        Files.move(partial, ids, StandardCopyOption.ATOMIC_MOVE);
        writer.join();
    }
}
