package dev.obra.orchestrator.store;

import dev.obra.orchestrator.OrchestratorException;

/** A store read or write failed; a failed write was rolled back and left nothing half-written. */
public class StoreException extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
