package dev.obra.orchestrator.llm;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.OrchestratorException;
import java.util.OptionalInt;

/**
 * A model call failed. The message names the server, the model, the HTTP status and the server's own message where
 * there are any.
 */
public class LlmException extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The server could not be reached (connection refused, DNS, reset). */
        UNAVAILABLE,
        /** The server did not answer in time. */
        TIMEOUT,
        /** The server does not have the model. */
        MODEL_NOT_FOUND,
        /** The server rejected the request (HTTP 4xx other than 404 and 429). */
        BAD_REQUEST,
        /** The server failed (HTTP 5xx, 429 after the retries, or an error inside a stream). */
        SERVER_ERROR,
        /** The answer was cut off at the token limit. */
        TRUNCATED,
        /** The answer could not be read. */
        MALFORMED_RESPONSE,
        /** The calling thread was interrupted; its interrupt flag is set again. */
        CANCELLED
    }

    /** The kind of failure. */
    private final Kind kind;
    /** The http status. */
    private final int httpStatus;

    /**
     * Creates the exception.
     *
     * @param kind the kind of failure
     * @param message what went wrong
     */
    public LlmException(Kind kind, String message) {
        this(kind, message, -1, null);
    }

    /**
     * Creates the exception.
     *
     * @param kind the kind of failure
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public LlmException(Kind kind, String message, Throwable cause) {
        this(kind, message, -1, cause);
    }

    /**
     * @param kind the kind of failure
     * @param message what went wrong
     * @param cause the underlying failure
     * @param httpStatus the HTTP status, or -1 when there was none
     */
    public LlmException(Kind kind, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
    }

    /**
     * Returns what went wrong.
     *
     * @return what went wrong
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the HTTP status of the failed call, if there was one.
     *
     * @return the HTTP status of the failed call, if there was one
     */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
