package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.breakpoint.Resolution;
import java.time.Instant;

/**
 * A breakpoint that fired, and how it was resolved. Text is kept as every store can hold it: a NUL character and each
 * unpaired surrogate become U+FFFD (the replacement character); everything else, 4-byte characters included, is kept.
 *
 * @param taskId      the task
 * @param iteration   the iteration after which it fired
 * @param name        the breakpoint's name
 * @param description what its condition means
 * @param resolution  what the handler decided
 * @param occurredAt  when it fired, to the millisecond
 * @param resolvedAt  when the handler answered, to the millisecond
 */
public record BreakpointRecord(
        TaskId taskId,
        int iteration,
        String name,
        String description,
        Resolution resolution,
        Instant occurredAt,
        Instant resolvedAt) {

    /**
     * Creates the value, checking its components.
     *
     * @param taskId the task
     * @param iteration the iteration after which it fired
     * @param name the breakpoint's name
     * @param description what its condition means
     * @param resolution what the handler decided
     * @param occurredAt when it fired, to the millisecond
     * @param resolvedAt when the handler answered, to the millisecond
     */
    public BreakpointRecord {
        requireNonNull(taskId, "taskId");
        requireAtLeast(iteration, 1, "iteration");
        name = StoredText.clean(requireNonNull(name, "name"));
        description = StoredText.clean(requireNonNull(description, "description"));
        resolution = StoredText.clean(requireNonNull(resolution, "resolution"));
        occurredAt = Precision.millis(requireNonNull(occurredAt, "occurredAt"));
        resolvedAt = Precision.millis(requireNonNull(resolvedAt, "resolvedAt"));
    }
}
