package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Which tasks to list, newest first.
 *
 * @param status only tasks with this status
 * @param since  only tasks created at or after this instant
 * @param until  only tasks created before this instant
 * @param limit  the most tasks to return, at least 1
 */
public record TaskQuery(Optional<TaskStatus> status, Optional<Instant> since, Optional<Instant> until, int limit) {

    /**
     * Creates the value, checking its components.
     *
     * @param status only tasks with this status
     * @param since only tasks created at or after this instant
     * @param until only tasks created before this instant
     * @param limit the most tasks to return, at least 1
     */
    public TaskQuery {
        requireNonNull(status, "status");
        requireNonNull(since, "since");
        requireNonNull(until, "until");
        requireAtLeast(limit, 1, "limit");
    }

    /**
     * Returns a query for every task.
     *
     * @return a query for every task
     */
    public static TaskQuery all() {
        return new TaskQuery(Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }

    /**
     * Returns a copy limited to tasks with the given status.
     *
     * @param value the status
     * @return a copy limited to tasks with the given status
     */
    public TaskQuery withStatus(TaskStatus value) {
        return new TaskQuery(Optional.of(requireNonNull(value, "value")), since, until, limit);
    }

    /**
     * Returns a copy limited to tasks created at or after {@code instant}.
     *
     * @param instant the instant
     * @return a copy limited to tasks created at or after {@code instant}
     */
    public TaskQuery since(Instant instant) {
        return new TaskQuery(status, Optional.of(requireNonNull(instant, "instant")), until, limit);
    }

    /**
     * Returns a copy limited to tasks created before {@code instant}.
     *
     * @param instant the instant
     * @return a copy limited to tasks created before {@code instant}
     */
    public TaskQuery until(Instant instant) {
        return new TaskQuery(status, since, Optional.of(requireNonNull(instant, "instant")), limit);
    }

    /**
     * Returns a copy that returns at most {@code max} tasks.
     *
     * @param max the max
     * @return a copy that returns at most {@code max} tasks
     */
    public TaskQuery withLimit(int max) {
        return new TaskQuery(status, since, until, max);
    }

    /**
     * Returns whether {@code task} matches the filters (not the limit).
     *
     * @param task the task
     * @return whether {@code task} matches the filters (not the limit)
     */
    public boolean matches(TaskRecord task) {
        return status.map(s -> s == task.status()).orElse(true)
                && since.map(s -> !task.createdAt().isBefore(s)).orElse(true)
                && until.map(u -> task.createdAt().isBefore(u)).orElse(true);
    }
}
