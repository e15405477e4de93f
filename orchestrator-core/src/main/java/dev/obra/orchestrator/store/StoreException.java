package dev.obra.orchestrator.store;

import dev.obra.orchestrator.OrchestratorException;

/** A store read or write failed; a failed write was rolled back and left nothing half-written. */
public class StoreException extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
