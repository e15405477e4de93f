package dev.obra.orchestrator.breakpoint;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * A named, typed condition that pauses a task after an iteration and hands it to the
 * {@link BreakpointHandler}. See {@link Breakpoints} for the built-ins.
 *
 * @param name        a short name, recorded in the store
 * @param description what the condition means, for people ("cost above $1.00")
 * @param condition   true when the task should pause
 */
public record Breakpoint(String name, String description, Predicate<BreakpointContext> condition) {
    /**
     * Creates the value, checking its components.
     *
     * @param name a short name, recorded in the store
     * @param description what the condition means, for people ("cost above $1.00")
     * @param condition true when the task should pause
     */
    public Breakpoint {
        requireNonBlank(name, "name", "breakpoint name");
        requireNonNull(description, "description");
        requireNonNull(condition, "condition");
    }

    /**
     * Returns a breakpoint whose description is its name.
     *
     * @param name the name
     * @param condition the condition
     * @return a breakpoint whose description is its name
     */
    public static Breakpoint of(String name, Predicate<BreakpointContext> condition) {
        return new Breakpoint(name, name, condition);
    }

    /**
     * Returns whether the task should pause.
     *
     * @param context the context
     * @return whether the task should pause
     */
    public boolean test(BreakpointContext context) {
        return condition.test(context);
    }
}
