package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command that reads one recorded task: it takes the task's id (or a unique prefix of it) and {@code --db}, opens
 * the existing store, finds the task and hands both to {@link #call(SessionStore, TaskRecord)}.
 */
abstract class TaskCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TASK_ID", description = "The task's id, or a unique prefix of it.")
    String id;

    @Mixin
    StoreOptions store;

    @Override
    public final Integer call() {
        StoreOptions.Location file = store.location(null);
        try (SessionStore sessions = StoreOptions.openExisting(file)) {
            return call(sessions, StoreOptions.findTask(sessions, id, file));
        }
    }

    /** Does the command's work on the found task while its store is open, and returns the exit code. */
    abstract int call(SessionStore sessions, TaskRecord task);
}
