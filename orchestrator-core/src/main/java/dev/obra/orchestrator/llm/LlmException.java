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
        /** The server rejected the request (HTTP 4xx other than 404 and 429, or a 500 refusing its format). */
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
    /** The prompt tokens the server reported for the failed call, 0 when it did not say. */
    private final long promptTokens;
    /** The tokens the server generated before the call failed, 0 when it did not say. */
    private final long completionTokens;

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
        this(kind, message, httpStatus, cause, 0, 0);
    }

    /**
     * Creates the exception for a call the server answered, and charged for, without a usable answer (one cut off
     * at the token limit, or aborted).
     *
     * @param kind             what went wrong
     * @param message          names the server, the model and what happened
     * @param httpStatus       the HTTP status, or -1 when there was none
     * @param cause            the underlying failure, or null
     * @param promptTokens     the prompt tokens the server reported for the failed call, 0 when it did not say
     * @param completionTokens the tokens it generated before the answer ended, 0 when it did not say
     * @throws IllegalArgumentException if a count is negative
     */
    public LlmException(
            Kind kind, String message, int httpStatus, Throwable cause, long promptTokens, long completionTokens) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must be >= 0, were " + promptTokens + ", " + completionTokens);
        }
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }

    /**
     * Returns the prompt tokens the server reported for the failed call, 0 when there were none or it did not say.
     *
     * @return the prompt token count, never negative
     */
    public long promptTokens() {
        return promptTokens;
    }

    /**
     * Returns the tokens the server generated before the call failed, 0 when none or it did not say.
     *
     * @return the completion token count, never negative
     */
    public long completionTokens() {
        return completionTokens;
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
