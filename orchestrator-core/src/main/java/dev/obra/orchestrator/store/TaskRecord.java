package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.workspace.Delivery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A task as recorded. Times are kept to the millisecond. Text is kept as every store can hold it: a NUL character and
 * each unpaired surrogate become U+FFFD (the replacement character); everything else, 4-byte characters included, is
 * kept.
 *
 * @param id               the task's id
 * @param description      what the agent was asked to do
 * @param workingDirectory where it worked, as an absolute path
 * @param status           where it stands
 * @param maxIterations    the iterations it could use
 * @param finalDecision    the last decision, once the task has ended after one
 * @param statusReason     why the task ended the way it did; empty while it runs
 * @param output           the agent's last text; empty while the task runs
 * @param createdAt        when it started
 * @param finishedAt       when it ended
 * @param delivery         its branch and commit when it works in a git worktree: {@linkplain Delivery#isPending()
 *                         pending} while it runs, delivered once it ended
 */
public record TaskRecord(
        TaskId id,
        String description,
        Optional<Path> workingDirectory,
        TaskStatus status,
        int maxIterations,
        Optional<Decision> finalDecision,
        String statusReason,
        String output,
        Instant createdAt,
        Optional<Instant> finishedAt,
        Optional<Delivery> delivery) {

    /**
     * Creates the value, checking its components.
     *
     * @param id the task's id
     * @param description what the agent was asked to do
     * @param workingDirectory where it worked, as an absolute path
     * @param status where it stands
     * @param maxIterations the iterations it could use
     * @param finalDecision the last decision, once the task has ended after one
     * @param statusReason why the task ended the way it did; empty while it runs
     * @param output the agent's last text; empty while the task runs
     * @param createdAt when it started
     * @param finishedAt when it ended
     * @param delivery its branch and commit when it works in a git worktree
     */
    public TaskRecord {
        requireNonNull(id, "id");
        description = StoredText.clean(requireNonNull(description, "description"));
        requireNonNull(workingDirectory, "workingDirectory");
        requireNonNull(status, "status");
        requireAtLeast(maxIterations, 1, "maxIterations");
        finalDecision = StoredText.cleanEach(requireNonNull(finalDecision, "finalDecision"), StoredText::clean);
        statusReason = StoredText.clean(requireNonNull(statusReason, "statusReason"));
        output = StoredText.clean(requireNonNull(output, "output"));
        createdAt = Precision.millis(requireNonNull(createdAt, "createdAt"));
        finishedAt = requireNonNull(finishedAt, "finishedAt").map(Precision::millis);
        if (status.isFinal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException(
                    status.isFinal()
                            ? "a " + status + " task needs a finish time"
                            : "a " + status + " task has no finish time");
        }
        requireNonNull(delivery, "delivery");
    }

    /**
     * Returns a {@link TaskStatus#RUNNING} record for a task that starts now.
     *
     * @param id the id
     * @param description the description
     * @param workingDirectory the working directory
     * @param maxIterations the max iterations
     * @param createdAt the created at
     * @return a {@link TaskStatus#RUNNING} record for a task that starts now
     */
    public static TaskRecord running(
            TaskId id, String description, Optional<Path> workingDirectory, int maxIterations, Instant createdAt) {
        return new TaskRecord(
                id,
                description,
                workingDirectory,
                TaskStatus.RUNNING,
                maxIterations,
                Optional.empty(),
                "",
                "",
                createdAt,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * Returns this task ended with the given status.
     *
     * @param newStatus the new status
     * @param decision the decision
     * @param reason the reason
     * @param finalOutput the final output
     * @param at when it happened
     * @return this task ended with the given status
     */
    public TaskRecord finish(
            TaskStatus newStatus, Optional<Decision> decision, String reason, String finalOutput, Instant at) {
        if (!requireNonNull(newStatus, "newStatus").isFinal()) {
            throw new IllegalArgumentException("a task cannot finish as " + newStatus);
        }
        return withOutcome(newStatus, decision, reason, finalOutput, Optional.of(at), delivery);
    }

    /**
     * Returns this task with {@code value} as its delivery.
     *
     * @param value the delivery, empty for none
     * @return the record
     */
    public TaskRecord withDelivery(Optional<Delivery> value) {
        return withOutcome(status, finalDecision, statusReason, output, finishedAt, value);
    }

    /** Returns this task with another outcome: what it was asked (its id, work, place, limits and start) stays. */
    private TaskRecord withOutcome(
            TaskStatus status,
            Optional<Decision> finalDecision,
            String statusReason,
            String output,
            Optional<Instant> finishedAt,
            Optional<Delivery> delivery) {
        return new TaskRecord(
                id,
                description,
                workingDirectory,
                status,
                maxIterations,
                finalDecision,
                statusReason,
                output,
                createdAt,
                finishedAt,
                delivery);
    }
}
