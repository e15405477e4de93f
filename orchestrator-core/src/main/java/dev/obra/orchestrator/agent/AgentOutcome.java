package dev.obra.orchestrator.agent;

/** What an invocation that produced a result came to. */
public enum AgentOutcome {
    /** The agent finished its turn normally. */
    SUCCESS,
    /** The agent stopped at its turn limit; resuming with a higher limit continues the work. */
    MAX_TURNS,
    /** The agent's own spending limit was reached. */
    BUDGET_EXCEEDED,
    /** A transient API failure (HTTP 429, 5xx, 529, a network error); a new attempt may succeed. */
    API_ERROR,
    /** Authentication or configuration is wrong (HTTP 401/403, not logged in); retrying cannot help. */
    AUTH_ERROR,
    /** The API rejected the request itself (HTTP 400, 404, 413); retrying the same request cannot help. */
    REQUEST_ERROR,
    /** The agent reported an error during execution that fits none of the kinds above. */
    EXECUTION_ERROR,
    /** The agent was interrupted and reported a partial result. */
    CANCELLED;

    /**
     * Returns whether a new attempt of the same work may succeed where this one failed.
     *
     * @return whether a new attempt of the same work may succeed where this one failed
     */
    public boolean isRetriable() {
        return this == API_ERROR;
    }
}
