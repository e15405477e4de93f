package dev.obra.orchestrator;

import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.store.SessionError;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How an agent session's record is closed: from what the agent returned, or from the exception that escaped. */
final class SessionOutcomes {
    private SessionOutcomes() {}

    /** Returns {@code session} closed with what the agent returned. */
    static SessionRecord closed(SessionRecord session, AgentResult result, Duration took) {
        Instant now = Instant.now();
        if (result instanceof AgentResult.Responded responded) {
            AgentResponse r = responded.response();
            SessionStatus status = switch (r.outcome()) {
                case SUCCESS -> SessionStatus.COMPLETED;
                case CANCELLED -> SessionStatus.CANCELLED;
                default -> SessionStatus.FAILED;
            };
            Optional<SessionError> error = r.isSuccess()
                    ? Optional.empty()
                    : Optional.of(new SessionError(
                            r.outcome().name(),
                            r.errors().isEmpty() ? TaskRun.oneLine(r.text()) : String.join("; ", r.errors())));
            return session.close(status, now, r.usage(), r.numTurns(), r.costUsd(), r.reportedCostUsd(), took, error)
                    .withPermissionDenials(r.permissionDenials());
        }
        if (result instanceof AgentResult.Failed failed) {
            AgentException e = failed.error();
            SessionStatus status = e instanceof AgentTimeoutException
                    ? SessionStatus.TIMED_OUT
                    : e instanceof AgentCancelledException ? SessionStatus.CANCELLED : SessionStatus.FAILED;
            return nothingReported(
                    session, status, took, new SessionError(e.kind().name(), String.valueOf(e.getMessage())));
        }
        throw new IllegalStateException("unhandled agent result " + result);
    }

    /** Returns {@code session} closed as failed by a programming error that escaped the agent. */
    static SessionRecord failedBy(SessionRecord session, Throwable e, Duration took) {
        return nothingReported(
                session, SessionStatus.FAILED, took, new SessionError("PROGRAMMING_ERROR", String.valueOf(e)));
    }

    private static SessionRecord nothingReported(
            SessionRecord session, SessionStatus status, Duration took, SessionError error) {
        return session.close(
                status, Instant.now(), Usage.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, took, Optional.of(error));
    }
}
