package dev.obra.orchestrator;

/**
 * The unchecked root of every exception this library throws on purpose: catch it to catch anything of ours.
 *
 * <p>Programming errors (a null argument, an invalid value, misuse) are thrown as the JDK's
 * {@link NullPointerException}, {@link IllegalArgumentException} and {@link IllegalStateException} instead, and
 * are never handled by the orchestrator.
 */
public class OrchestratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public OrchestratorException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
