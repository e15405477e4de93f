package dev.obra.orchestrator.store;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskMetrics;

/**
 * A task with its metrics, as listed.
 *
 * @param task    the task
 * @param metrics what it used
 */
public record TaskSummary(TaskRecord task, TaskMetrics metrics) {
    /**
     * Creates the value, checking its components.
     *
     * @param task the task
     * @param metrics what it used
     */
    public TaskSummary {
        requireNonNull(task, "task");
        requireNonNull(metrics, "metrics");
    }
}
