package dev.obra.orchestrator.internal.argument;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

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

    /**
     * Returns {@code value} when it is at least {@code min}.
     *
     * @param value the argument
     * @param min   the least it may be
     * @param name  the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value} is below {@code min}: "{@code name} must be >= {@code min},
     *                                  was {@code value}"
     */
    public static int requireAtLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} when it is longer than zero.
     *
     * @param value the argument, a timeout or limit
     * @param name  the argument's name, for both messages
     * @return {@code value}
     * @throws NullPointerException     when {@code value} is null, with {@code name} as the message
     * @throws IllegalArgumentException when {@code value} is zero or negative: "{@code name} must be > 0, was
     *                                  {@code value}"
     */
    public static Duration requirePositive(Duration value, String name) {
        if (requireNonNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} when it lies in 0..1, both ends included.
     *
     * @param value the argument, a score, share or threshold
     * @param name  the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value} is outside 0..1 or NaN: "{@code name} must be in 0..1, was
     *                                  {@code value}"
     */
    public static double requireZeroToOne(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in 0..1, was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} when it lies in 0..2, both ends included: a sampling temperature.
     *
     * @param value the argument
     * @param name  the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value} is outside 0..2 or NaN: "{@code name} must be in 0..2, was
     *                                  {@code value}"
     */
    public static double requireZeroToTwo(double value, String name) {
        if (!(value >= 0 && value <= 2)) {
            throw new IllegalArgumentException(name + " must be in 0..2, was " + value);
        }
        return value;
    }
}
