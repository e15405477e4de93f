package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.util.List;
import java.util.Optional;

/**
 * How a task ended.
 *
 * @param taskId        the task
 * @param status        its final status
 * @param output        the agent's last text, empty when it produced none
 * @param iterations    the iterations, in order
 * @param metrics       what it used, summed over its sessions
 * @param finalDecision the last decision, when one was made
 * @param reason        why it ended the way it did, for people
 * @param delivery      the branch and commit it delivered, when it worked in a git worktree
 */
public record TaskResult(
        TaskId taskId,
        TaskStatus status,
        String output,
        List<IterationRecord> iterations,
        TaskMetrics metrics,
        Optional<Decision> finalDecision,
        String reason,
        Optional<Delivery> delivery) {

    /**
     * Creates the value, checking its components.
     *
     * @param taskId the task
     * @param status its final status
     * @param output the agent's last text, empty when it produced none
     * @param iterations the iterations, in order
     * @param metrics what it used, summed over its sessions
     * @param finalDecision the last decision, when one was made
     * @param reason why it ended the way it did, for people
     * @param delivery the branch and commit it delivered, when it worked in a git worktree
     */
    public TaskResult {
        requireNonNull(taskId, "taskId");
        requireNonNull(status, "status");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("a result needs a final status, was " + status);
        }
        requireNonNull(output, "output");
        iterations = List.copyOf(requireNonNull(iterations, "iterations"));
        requireNonNull(metrics, "metrics");
        requireNonNull(finalDecision, "finalDecision");
        requireNonNull(reason, "reason");
        requireNonNull(delivery, "delivery");
    }

    /**
     * Returns whether the task completed.
     *
     * @return whether the task completed
     */
    public boolean isCompleted() {
        return status == TaskStatus.COMPLETED;
    }
}
