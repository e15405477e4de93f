package dev.obra.orchestrator.event;

/**
 * Receives every event of every task, on the thread that runs the task. Keep it quick; an exception thrown here is a
 * programming error and fails the task.
 */
@FunctionalInterface
public interface OrchestratorListener {

    /**
     * Called once per event, in order within a task.
     *
     * @param event the event
     */
    void onEvent(OrchestratorEvent event);
}
