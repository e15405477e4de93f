package dev.obra.orchestrator.agent;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What one invocation reported.
 *
 * @param text            the agent's final text; may be empty, also on success
 * @param sessionId       the session the agent ran under, equal to the requested one
 * @param outcome         what the invocation came to
 * @param usage           the tokens this invocation used
 * @param numTurns        the model round-trips this invocation took
 * @param costUsd         this invocation's own cost (for a resumed session: the reported total less the total the
 *                        resumed session had already reported), never negative
 * @param reportedCostUsd the cost as the agent reported it, cumulative over a resumed conversation; pass it on in
 *                        {@link SessionMode.Resume} when this session is resumed
 * @param duration        the invocation's wall time as the agent measured it
 * @param errors          error messages the agent reported, empty on success
 * @param permissionDenials the tool calls the agent's permission rules refused during this invocation, in order
 */
public record AgentResponse(
        String text,
        SessionId sessionId,
        AgentOutcome outcome,
        Usage usage,
        int numTurns,
        BigDecimal costUsd,
        BigDecimal reportedCostUsd,
        Duration duration,
        List<String> errors,
        List<PermissionDenial> permissionDenials) {

    /**
     * Creates the value, checking its components.
     *
     * @param text the agent's final text; may be empty, also on success
     * @param sessionId the session the agent ran under, equal to the requested one
     * @param outcome what the invocation came to
     * @param usage the tokens this invocation used
     * @param numTurns the model round-trips this invocation took
     * @param costUsd this invocation's own cost (for a resumed session: the reported total less the total the
     *                resumed session had already reported), never negative
     * @param reportedCostUsd the cost as the agent reported it, cumulative over a resumed conversation; pass it on in
     *                        {@link SessionMode.Resume} when this session is resumed
     * @param duration the invocation's wall time as the agent measured it
     * @param errors error messages the agent reported, empty on success
     * @param permissionDenials the tool calls the agent's permission rules refused during this invocation, in order
     */
    public AgentResponse {
        requireNonNull(text, "text");
        requireNonNull(sessionId, "sessionId");
        requireNonNull(outcome, "outcome");
        requireNonNull(usage, "usage");
        requireAtLeast(numTurns, 0, "numTurns");
        requireNonNull(costUsd, "costUsd");
        requireNonNull(reportedCostUsd, "reportedCostUsd");
        if (costUsd.signum() < 0 || reportedCostUsd.signum() < 0) {
            throw new IllegalArgumentException("costs must be >= 0, were " + costUsd + " and " + reportedCostUsd);
        }
        requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, was " + duration);
        }
        errors = List.copyOf(requireNonNull(errors, "errors"));
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
    }

    /**
     * Returns a successful response of a new session, whose own and reported costs are the same.
     *
     * @param sessionId the session's id
     * @param text the text
     * @param usage the usage
     * @param numTurns the num turns
     * @param costUsd the cost usd
     * @param duration the duration
     * @return a successful response of a new session, whose own and reported costs are the same
     */
    public static AgentResponse success(
            SessionId sessionId, String text, Usage usage, int numTurns, BigDecimal costUsd, Duration duration) {
        return new AgentResponse(
                text,
                sessionId,
                AgentOutcome.SUCCESS,
                usage,
                numTurns,
                costUsd,
                costUsd,
                duration,
                List.of(),
                List.of());
    }

    /**
     * Returns a copy that reports the given permission denials.
     *
     * @param denials the refused tool calls, in order
     * @return the copy
     */
    public AgentResponse withPermissionDenials(List<PermissionDenial> denials) {
        return new AgentResponse(
                text, sessionId, outcome, usage, numTurns, costUsd, reportedCostUsd, duration, errors, denials);
    }

    /**
     * Returns whether the outcome is {@link AgentOutcome#SUCCESS}.
     *
     * @return true when the invocation succeeded
     */
    public boolean isSuccess() {
        return outcome == AgentOutcome.SUCCESS;
    }
}
