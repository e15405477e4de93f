package dev.obra.orchestrator.store;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

/**
 * Why a session did not complete. Text is kept as every store can hold it: a NUL character and each unpaired surrogate
 * become U+FFFD (the replacement character); everything else, 4-byte characters included, is kept.
 *
 * @param kind    a stable upper-case name: an agent outcome ({@code MAX_TURNS}), an agent exception kind
 *                ({@code TIMEOUT}), {@code ABANDONED}, or {@code PROGRAMMING_ERROR}
 * @param message a description for people
 */
public record SessionError(String kind, String message) {
    /**
     * Creates the value, checking its components.
     *
     * @param kind a stable upper-case name: an agent outcome ({@code MAX_TURNS}), an agent exception kind
     *             ({@code TIMEOUT}), {@code ABANDONED}, or {@code PROGRAMMING_ERROR}
     * @param message a description for people
     */
    public SessionError {
        kind = StoredText.clean(requireNonBlank(kind, "kind"));
        message = StoredText.clean(requireNonNull(message, "message"));
    }
}
