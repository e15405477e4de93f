package dev.obra.orchestrator.breakpoint;

import static java.util.Objects.requireNonNull;

/**
 * A breakpoint that fired.
 *
 * @param breakpoint the breakpoint
 * @param context    the state of the task when it fired
 */
public record BreakpointEvent(Breakpoint breakpoint, BreakpointContext context) {
    /**
     * Creates the value, checking its components.
     *
     * @param breakpoint the breakpoint
     * @param context the state of the task when it fired
     */
    public BreakpointEvent {
        requireNonNull(breakpoint, "breakpoint");
        requireNonNull(context, "context");
    }
}
