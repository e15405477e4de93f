package dev.obra.orchestrator.breakpoint;

/**
 * Decides what happens when a breakpoint fires: ask a human, apply a policy. It runs on the task's thread, so a
 * handler that waits for a person pauses only that task.
 */
@FunctionalInterface
public interface BreakpointHandler {

    /** The default: stop the task, which ends {@code ESCALATED}. */
    BreakpointHandler STOP = event -> Resolution.stop("breakpoint "
            + event.breakpoint().name() + ": " + event.breakpoint().description());

    /**
     * Returns whether and how the task goes on.
     *
     * @param event the event
     * @return whether and how the task goes on
     */
    Resolution onBreakpoint(BreakpointEvent event);
}
