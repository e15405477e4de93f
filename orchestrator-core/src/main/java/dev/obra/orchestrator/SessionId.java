package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The identity of one agent invocation. The orchestrator generates a fresh one for every invocation and the agent
 * must use exactly that id. Claude Code requires a UUID, so the value must be one.
 *
 * @param value a UUID in its canonical 36-character form
 */
public record SessionId(String value) {
    /**
     * Creates the value, checking its components.
     *
     * @param value a UUID in its canonical 36-character form
     */
    public SessionId {
        requireNonNull(value, "value");
        if (value.length() != 36) {
            throw new IllegalArgumentException("session id must be a UUID, was '" + value + "'");
        }
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session id must be a UUID, was '" + value + "'", e);
        }
    }

    /**
     * Returns a new random session id (a version 4 UUID).
     *
     * @return a new random session id (a version 4 UUID)
     */
    public static SessionId random() {
        return new SessionId(UUID.randomUUID().toString());
    }

    /**
     * Returns the session id with the given value.
     *
     * @param value the text form, as {@link #toString()} gives it
     * @return the session id with the given value
     */
    public static SessionId of(String value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
