package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One agent invocation as recorded: opened {@link SessionStatus#RUNNING} before the agent starts, closed with its
 * outcome and usage afterwards. Times and durations are kept to the millisecond, costs without trailing zeros.
 *
 * @param sessionId       the id the orchestrator generated
 * @param taskId          the task
 * @param iteration       1-based
 * @param attempt         1-based within the iteration
 * @param mode            a new conversation or a resumed one
 * @param parentSessionId the resumed session, for {@link Mode#RESUME}
 * @param status          where it stands
 * @param startedAt       when it was opened
 * @param endedAt         when it was closed; empty while {@link SessionStatus#RUNNING}
 * @param usage           tokens used by this invocation
 * @param numTurns        model round-trips
 * @param costUsd         this invocation's own cost (what task metrics sum)
 * @param reportedCostUsd the cost as the agent reported it (cumulative over a resumed conversation)
 * @param duration        the agent's wall time
 * @param error           why it did not complete, when it did not
 * @param permissionDenials the tool calls the agent's permission rules refused in this session, in order
 */
public record SessionRecord(
        SessionId sessionId,
        TaskId taskId,
        int iteration,
        int attempt,
        Mode mode,
        Optional<SessionId> parentSessionId,
        SessionStatus status,
        Instant startedAt,
        Optional<Instant> endedAt,
        Usage usage,
        int numTurns,
        BigDecimal costUsd,
        BigDecimal reportedCostUsd,
        Duration duration,
        Optional<SessionError> error,
        List<PermissionDenial> permissionDenials) {

    /** Whether a session started a conversation or resumed one. */
    public enum Mode {
        /**
         * The session started a new conversation.
         */
        NEW,
        /**
         * The session resumed an earlier conversation, its parent session.
         */
        RESUME
    }

    /**
     * Creates the value, checking its components.
     *
     * @param sessionId the id the orchestrator generated
     * @param taskId the task
     * @param iteration 1-based
     * @param attempt 1-based within the iteration
     * @param mode a new conversation or a resumed one
     * @param parentSessionId the resumed session, for {@link Mode#RESUME}
     * @param status where it stands
     * @param startedAt when it was opened
     * @param endedAt when it was closed; empty while {@link SessionStatus#RUNNING}
     * @param usage tokens used by this invocation
     * @param numTurns model round-trips
     * @param costUsd this invocation's own cost (what task metrics sum)
     * @param reportedCostUsd the cost as the agent reported it (cumulative over a resumed conversation)
     * @param duration the agent's wall time
     * @param error why it did not complete, when it did not
     * @param permissionDenials the tool calls the agent's permission rules refused in this session, in order
     */
    public SessionRecord {
        requireNonNull(sessionId, "sessionId");
        requireNonNull(taskId, "taskId");
        if (iteration < 1 || attempt < 1) {
            throw new IllegalArgumentException(
                    "iteration and attempt must be >= 1, were " + iteration + ", " + attempt);
        }
        requireNonNull(mode, "mode");
        requireNonNull(parentSessionId, "parentSessionId");
        if ((mode == Mode.RESUME) != parentSessionId.isPresent()) {
            throw new IllegalArgumentException(
                    "a " + mode + " session " + (mode == Mode.RESUME ? "needs" : "has no") + " parent session");
        }
        requireNonNull(status, "status");
        startedAt = Precision.millis(requireNonNull(startedAt, "startedAt"));
        endedAt = requireNonNull(endedAt, "endedAt").map(Precision::millis);
        if ((status == SessionStatus.RUNNING) == endedAt.isPresent()) {
            throw new IllegalArgumentException(
                    status == SessionStatus.RUNNING
                            ? "a running session has no end time"
                            : "a " + status + " session needs an end time");
        }
        requireNonNull(usage, "usage");
        requireAtLeast(numTurns, 0, "numTurns");
        costUsd = Precision.money(requireNonNull(costUsd, "costUsd"));
        reportedCostUsd = Precision.money(requireNonNull(reportedCostUsd, "reportedCostUsd"));
        if (costUsd.signum() < 0 || reportedCostUsd.signum() < 0) {
            throw new IllegalArgumentException("costs must be >= 0, were " + costUsd + ", " + reportedCostUsd);
        }
        duration = Precision.millis(requireNonNull(duration, "duration"));
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, was " + duration);
        }
        requireNonNull(error, "error");
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
    }

    /**
     * Returns a {@link SessionStatus#RUNNING} record for an invocation that is about to start.
     *
     * @param taskId the task's id
     * @param iteration the iteration
     * @param attempt the attempt
     * @param mode the mode
     * @param startedAt the started at
     * @return a {@link SessionStatus#RUNNING} record for an invocation that is about to start
     */
    public static SessionRecord open(TaskId taskId, int iteration, int attempt, SessionMode mode, Instant startedAt) {
        requireNonNull(mode, "mode");
        Optional<SessionId> parent =
                mode instanceof SessionMode.Resume resume ? Optional.of(resume.previous()) : Optional.empty();
        return new SessionRecord(
                mode.id(),
                taskId,
                iteration,
                attempt,
                parent.isPresent() ? Mode.RESUME : Mode.NEW,
                parent,
                SessionStatus.RUNNING,
                startedAt,
                Optional.empty(),
                Usage.ZERO,
                0,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                Duration.ZERO,
                Optional.empty(),
                List.of());
    }

    /**
     * Returns this session closed with the given outcome.
     *
     * @param newStatus the new status
     * @param at when it happened
     * @param newUsage the new usage
     * @param turns the turns
     * @param cost the cost
     * @param reportedCost the reported cost
     * @param took the took
     * @param why why it ended so
     * @return this session closed with the given outcome
     */
    public SessionRecord close(
            SessionStatus newStatus,
            Instant at,
            Usage newUsage,
            int turns,
            BigDecimal cost,
            BigDecimal reportedCost,
            Duration took,
            Optional<SessionError> why) {
        if (requireNonNull(newStatus, "newStatus") == SessionStatus.RUNNING) {
            throw new IllegalArgumentException("a session cannot be closed as RUNNING");
        }
        return withOutcome(
                newStatus, Optional.of(at), newUsage, turns, cost, reportedCost, took, why, permissionDenials);
    }

    /**
     * Returns a copy that records the given permission denials.
     *
     * @param denials the tool calls the agent was refused, in order
     * @return the copy
     */
    public SessionRecord withPermissionDenials(List<PermissionDenial> denials) {
        return withOutcome(status, endedAt, usage, numTurns, costUsd, reportedCostUsd, duration, error, denials);
    }

    /** Returns this session with another outcome: what it is (its ids, place in the task and start) stays. */
    private SessionRecord withOutcome(
            SessionStatus status,
            Optional<Instant> endedAt,
            Usage usage,
            int numTurns,
            BigDecimal costUsd,
            BigDecimal reportedCostUsd,
            Duration duration,
            Optional<SessionError> error,
            List<PermissionDenial> permissionDenials) {
        return new SessionRecord(
                sessionId,
                taskId,
                iteration,
                attempt,
                mode,
                parentSessionId,
                status,
                startedAt,
                endedAt,
                usage,
                numTurns,
                costUsd,
                reportedCostUsd,
                duration,
                error,
                permissionDenials);
    }
}
