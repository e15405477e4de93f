package dev.obra.orchestrator.workspace.git;

/** Git could not be run, or ran too long. Not API: the workspace wraps it in its own exception. */
public final class GitCliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception with its message.
     *
     * @param message what happened
     */
    public GitCliException(String message) {
        super(message);
    }

    /**
     * Makes the exception with its message and cause.
     *
     * @param message what happened
     * @param cause   the failure underneath
     */
    public GitCliException(String message, Throwable cause) {
        super(message, cause);
    }
}
