package dev.obra.orchestrator.agent;

/**
 * The invocation was cancelled by interrupting the calling thread; whatever the agent ran has been stopped. The
 * thread's interrupt flag is set again when this is thrown.
 */
public final class AgentCancelledException extends AgentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public AgentCancelledException(String message) {
        super(Kind.CANCELLED, message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public AgentCancelledException(String message, Throwable cause) {
        super(Kind.CANCELLED, message, cause);
    }
}
