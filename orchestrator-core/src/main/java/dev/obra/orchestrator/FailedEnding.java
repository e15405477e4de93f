package dev.obra.orchestrator;

import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a task {@link TaskStatus#FAILED} in its store when an exception is about to escape the loop (a programming
 * error, or a store write that failed), so that the task is not left {@code RUNNING} wherever the store still
 * answers. The reason names the failure: {@code the store failed: <its message>} for a {@link StoreException},
 * {@code failed by <exception>} otherwise. When that write fails too it is tried once more without the task's
 * output, since the output may be what the database refused, and a second try also gets past a broken pooled
 * connection. The exception is never hidden: failures of these writes are added to it as suppressed.
 */
final class FailedEnding {
    private FailedEnding() {}

    /** Returns the reason a task failed by {@code e} is recorded with. */
    static String reason(Throwable e) {
        return e instanceof StoreException ? "the store failed: " + e.getMessage() : "failed by " + e;
    }

    /**
     * Records {@code running} as failed by {@code e}, and returns the record as the store now holds it:
     * {@code running} itself when neither write went through.
     */
    static TaskRecord record(SessionStore store, TaskRecord running, String output, Throwable e) {
        String reason = reason(e);
        TaskRecord failed = running.finish(TaskStatus.FAILED, Optional.empty(), reason, output, Instant.now());
        try {
            store.finishTask(failed);
            return failed;
        } catch (RuntimeException first) {
            e.addSuppressed(first);
        }
        TaskRecord bare = running.finish(
                TaskStatus.FAILED,
                Optional.empty(),
                output.isEmpty() ? reason : reason + " (recorded without the task's output, since recording it failed)",
                "",
                Instant.now());
        try {
            store.finishTask(bare);
            return bare;
        } catch (RuntimeException second) {
            e.addSuppressed(second);
            return running;
        }
    }
}
