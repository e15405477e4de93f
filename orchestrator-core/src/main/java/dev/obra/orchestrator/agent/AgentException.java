package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.OrchestratorException;

/**
 * An invocation produced no result. {@link #kind()} says why and {@link #isRetriable()} whether a new attempt, under
 * a new session id, may succeed. The message names the agent, the exit code and the tail of its error output where
 * there are any.
 */
public class AgentException extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    /** Why an invocation produced no result. */
    public enum Kind {
        /** The agent's executable could not be found or run. */
        NOT_INSTALLED(false),
        /** The agent refused its configuration or credentials before doing any work. */
        CONFIGURATION(false),
        /** The session id was already taken (Claude Code: "Session ID ... is already in use"). */
        SESSION_IN_USE(true),
        /** The agent ran longer than its wall-clock timeout, or was silent longer than its idle timeout. */
        TIMEOUT(false),
        /** The caller cancelled the invocation. */
        CANCELLED(false),
        /** The agent's process failed without reporting a result. */
        PROCESS_FAILED(true),
        /** The agent's output broke its protocol: no result, an unparseable result, or another session id. */
        PROTOCOL(true);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        /**
         * Returns whether a new attempt may succeed where this one failed.
         *
         * @return whether a new attempt may succeed where this one failed
         */
        public boolean isRetriable() {
            return retriable;
        }
    }

    /** The kind of failure. */
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind the kind of failure
     * @param message what went wrong
     */
    public AgentException(Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Creates the exception.
     *
     * @param kind the kind of failure
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public AgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Returns why the invocation produced no result.
     *
     * @return why the invocation produced no result
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns whether a new attempt, under a new session id, may succeed.
     *
     * @return whether a new attempt, under a new session id, may succeed
     */
    public boolean isRetriable() {
        return kind.isRetriable();
    }
}
