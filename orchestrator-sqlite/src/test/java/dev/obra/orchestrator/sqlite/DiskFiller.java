package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static dev.obra.orchestrator.store.StoreFixtures.openSession;
import static dev.obra.orchestrator.store.StoreFixtures.task;

import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * The child of {@link SqliteDiskFullIT}, run under a file-size limit: on the SQLite file in {@code args[0]} it
 * records iterations with 64 KiB answers until a write fails. It prints {@code TASK <id>}, {@code RECORDED <n>}
 * after each iteration the store took, and {@code FAILED <class>: <message>} for the failure; then it tries to end
 * the task FAILED and prints {@code FINISHED} or {@code FINISH FAILED <message>}, and exits 0.
 */
public final class DiskFiller {
    private DiskFiller() {}

    public static void main(String[] args) {
        try (JooqSessionStore store = JooqSessionStore.sqlite(Path.of(args[0]))) {
            TaskRecord task = task("fills the disk", T0);
            store.createTask(task);
            System.out.println("TASK " + task.id());
            Random random = new Random(42);
            for (int i = 1; ; i++) {
                // Letters at random, so that no layer can make the text smaller than it is.
                StringBuilder answer = new StringBuilder(64 * 1024);
                random.ints(64 * 1024, 'a', 'z' + 1).forEach(c -> answer.append((char) c));
                try {
                    SessionRecord session = openSession(task.id(), i, 1, T0.plusSeconds(i));
                    store.openSession(session);
                    store.recordIteration(new IterationRecord(
                            task.id(),
                            i,
                            session.sessionId(),
                            1,
                            "prompt " + i,
                            answer.toString(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            new Decision.Retry("again"),
                            WorkspaceChanges.notProbed(),
                            Optional.empty(),
                            T0.plusSeconds(i)));
                    System.out.println("RECORDED " + i);
                } catch (StoreException e) {
                    System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
                    break;
                }
            }
            try {
                store.finishTask(
                        task.finish(TaskStatus.FAILED, Optional.empty(), "the disk is full", "", T0.plusSeconds(3600)));
                System.out.println("FINISHED");
            } catch (StoreException e) {
                System.out.println("FINISH FAILED " + e.getMessage());
            }
        }
        System.out.flush();
    }
}
