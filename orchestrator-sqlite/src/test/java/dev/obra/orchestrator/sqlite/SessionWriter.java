package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.completed;
import static dev.obra.orchestrator.store.StoreFixtures.openSession;
import static dev.obra.orchestrator.store.StoreFixtures.task;

import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child of {@link SqliteTwoProcessIT}: opens the SQLite file in {@code args[0]}, records a task named
 * {@code args[2]} with {@code args[1]} sessions (session i uses i input tokens and costs $0.001), and finishes it.
 */
public final class SessionWriter {
    private SessionWriter() {}

    public static void main(String[] args) {
        int sessions = Integer.parseInt(args[1]);
        try (JooqSessionStore store = JooqSessionStore.sqlite(Path.of(args[0]))) {
            TaskRecord task = task(args[2], T0);
            store.createTask(task);
            for (int i = 1; i <= sessions; i++) {
                SessionRecord s = openSession(task.id(), i, 1, T0.plusMillis(i));
                store.openSession(s);
                store.closeSession(completed(s, new Usage(i, 1, 0, 0), 1, "0.001", 1));
            }
            store.finishTask(
                    task.finish(TaskStatus.COMPLETED, Optional.empty(), "wrote " + sessions, "", T0.plusSeconds(1)));
        }
        System.out.println("DONE");
    }
}
