package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.llm.LlmException;

/**
 * An {@link LlmException} for an HTTP error status that keeps the server's own message apart, so that a client can
 * react to it (a rejected {@code response_format}, a missing model) without parsing our wording.
 */
public final class HttpStatusException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** The server message. */
    private final String serverMessage;

    HttpStatusException(Kind kind, String message, int httpStatus, String serverMessage, Throwable cause) {
        super(kind, message, httpStatus, cause);
        this.serverMessage = requireNonNull(serverMessage, "serverMessage");
    }

    /**
     * Returns the message the server put in its error body, or its reason phrase.
     *
     * @return the message the server put in its error body, or its reason phrase
     */
    public String serverMessage() {
        return serverMessage;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the HTTP status
     */
    public int status() {
        return httpStatus().orElseThrow();
    }

    /**
     * Returns a copy whose message ends with {@code note}.
     *
     * @param note the note
     * @return a copy whose message ends with {@code note}
     */
    public HttpStatusException withNote(String note) {
        return new HttpStatusException(kind(), getMessage() + note, status(), serverMessage, getCause());
    }
}
