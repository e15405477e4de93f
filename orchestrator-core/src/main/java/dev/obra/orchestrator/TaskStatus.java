package dev.obra.orchestrator;

/** Where a task stands. Every status but {@link #PENDING} and {@link #RUNNING} is final. */
public enum TaskStatus {
    /** Submitted, not started yet. */
    PENDING,
    /** An iteration is under way. */
    RUNNING,
    /** The decision engine accepted a result. */
    COMPLETED,
    /** Handed to a human: low quality, low confidence, or a breakpoint that stopped the task. */
    ESCALATED,
    /** Aborted by rule (for example an authentication error) or failed by an exception. */
    FAILED,
    /** Every iteration was used without an accepted result. */
    MAX_ITERATIONS,
    /** Cancelled through {@link TaskHandle#cancel()}. */
    CANCELLED,
    /** The task's {@link Budget} or the agent's own budget ran out. */
    BUDGET_EXCEEDED;

    /**
     * Returns whether the task has ended.
     *
     * @return whether the task has ended
     */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
