package dev.obra.orchestrator.internal.argument;

import static java.util.Objects.requireNonNull;

/** Checks of one argument at a time, each failing with the JDK's exception and a message that names the argument. */
public final class Arguments {
    private Arguments() {}

    /**
     * Returns {@code value} when it holds something other than white space.
     *
     * @param value the argument
     * @param name  the argument's name, for both messages
     * @return {@code value}
     * @throws NullPointerException     when {@code value} is null, with {@code name} as the message
     * @throws IllegalArgumentException when {@code value} is empty or white space: "{@code name} must not be blank"
     */
    public static String requireNonBlank(String value, String name) {
        return requireNonBlank(value, name, name);
    }

    /**
     * Returns {@code value} when it holds something other than white space, naming it for people as {@code what}.
     *
     * @param value the argument
     * @param name  the argument's name, the message of the {@link NullPointerException}
     * @param what  what the argument is, for the message of the {@link IllegalArgumentException}, e.g.
     *              {@code "task description"}
     * @return {@code value}
     * @throws NullPointerException     when {@code value} is null, with {@code name} as the message
     * @throws IllegalArgumentException when {@code value} is empty or white space: "{@code what} must not be blank"
     */
    public static String requireNonBlank(String value, String name, String what) {
        if (requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
