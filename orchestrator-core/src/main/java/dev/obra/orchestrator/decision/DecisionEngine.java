package dev.obra.orchestrator.decision;

/** Chooses what happens after an iteration. Implementations must be thread-safe. */
@FunctionalInterface
public interface DecisionEngine {

    /**
     * Returns the decision for the iteration that {@code context} describes.
     *
     * @param context the context
     * @return the decision for the iteration that {@code context} describes
     */
    Decision decide(DecisionContext context);
}
