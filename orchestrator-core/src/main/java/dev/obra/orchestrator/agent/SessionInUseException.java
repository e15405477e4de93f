package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;

/** The agent refused the session id because a session with that id already exists; retry with a new id. */
public final class SessionInUseException extends AgentException {
    private static final long serialVersionUID = 1L;

    /** The session id. */
    private final SessionId sessionId;

    /**
     * Creates the exception.
     *
     * @param sessionId the session's id
     * @param message what went wrong
     */
    public SessionInUseException(SessionId sessionId, String message) {
        super(Kind.SESSION_IN_USE, message);
        this.sessionId = requireNonNull(sessionId, "sessionId");
    }

    /**
     * Returns the id that was refused.
     *
     * @return the id that was refused
     */
    public SessionId sessionId() {
        return sessionId;
    }
}
