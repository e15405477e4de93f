package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;

import java.util.UUID;

/**
 * The identity of a task. A wrapper, so that a task id and a session id cannot be swapped by accident.
 *
 * @param value the id, not blank, at most 128 characters
 */
public record TaskId(String value) {
    /**
     * Creates the value, checking its components.
     *
     * @param value the id, not blank, at most 128 characters
     */
    public TaskId {
        requireNonBlank(value, "value", "task id");
        if (value.length() > 128) {
            throw new IllegalArgumentException("task id must be at most 128 characters, was " + value.length());
        }
    }

    /**
     * Returns a new random task id (a UUID).
     *
     * @return a new random task id (a UUID)
     */
    public static TaskId random() {
        return new TaskId(UUID.randomUUID().toString());
    }

    /**
     * Returns the task id with the given value.
     *
     * @param value the text form, as {@link #toString()} gives it
     * @return the task id with the given value
     */
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
