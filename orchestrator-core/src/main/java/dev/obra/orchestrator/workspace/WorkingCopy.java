package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One task's working copy, as {@link Workspace#open} made it. Used by the thread that runs the task.
 */
public interface WorkingCopy {

    /**
     * Returns the directory the agent, the workspace probe and the verification run in; empty when none.
     *
     * @return the directory
     */
    Optional<Path> directory();

    /**
     * Returns the delivery as it stands when the task starts (branch, base, worktree), empty when in place.
     *
     * @return the pending delivery
     */
    Optional<Delivery> started();

    /**
     * Hands back what the task did: commits whatever changed once, with the task's final status, reason and
     * metrics in the message, and removes the worktree unless it is kept. Called once, when the task ends; never
     * throws for a refusing commit hook or a failed removal, which are recorded on the delivery instead.
     *
     * @param status  the task's final status
     * @param reason  why it ended that way
     * @param metrics what it used
     * @return the delivery, empty when in place
     */
    Optional<Delivery> deliver(TaskStatus status, String reason, TaskMetrics metrics);
}
