package dev.obra.orchestrator.store;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.workspace.Delivery;
import java.util.List;
import java.util.Optional;

/**
 * Where tasks, agent sessions, iterations and breakpoints are recorded. Every write is one transaction: it happens
 * whole or not at all. Implementations are thread-safe.
 *
 * <p>Every method throws {@link StoreException} when the store cannot be read or written, or when a write breaks
 * its rules (an unknown task, a duplicate id, closing a session that is not open). Text that no database can hold
 * never makes a write fail: the records replace it when they are made (see {@link TaskRecord}), so every store
 * returns the same text.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Replaces the delivery of a task, whatever its status: used when the worktree of an abandoned task is salvaged.
     *
     * @param id       the task
     * @param delivery its delivery now
     */
    void recordDelivery(TaskId id, Delivery delivery);

    /**
     * Returns the tasks that ended with their delivery still {@linkplain Delivery#isPending() pending}: their process
     * stopped before it committed their worktree. Oldest first.
     *
     * @return those tasks, oldest first
     */
    List<TaskRecord> pendingDeliveries();

    /**
     * Records a new task.
     *
     * @param task the task
     */
    void createTask(TaskRecord task);

    /**
     * Records that a task ended: its status, final decision, reason, output and finish time.
     *
     * @param finished the finished
     */
    void finishTask(TaskRecord finished);

    /**
     * Records a session as {@link SessionStatus#RUNNING}, before its agent starts.
     *
     * @param session the session
     */
    void openSession(SessionRecord session);

    /**
     * Records a running session's outcome, usage, cost and duration.
     *
     * @param closed the closed
     */
    void closeSession(SessionRecord closed);

    /**
     * Records an iteration after its decision.
     *
     * @param iteration the iteration
     */
    void recordIteration(IterationRecord iteration);

    /**
     * Records a breakpoint that fired and its resolution.
     *
     * @param breakpoint the breakpoint
     */
    void recordBreakpoint(BreakpointRecord breakpoint);

    /**
     * Returns the task with this id, if there is one.
     *
     * @param id the id
     * @return the task with this id, if there is one
     */
    Optional<TaskRecord> findTask(TaskId id);

    /**
     * Returns the tasks that match {@code query}, newest first, with their metrics.
     *
     * @param query the query
     * @return the tasks that match {@code query}, newest first, with their metrics
     */
    List<TaskSummary> listTasks(TaskQuery query);

    /**
     * Returns a task's sessions in the order they started.
     *
     * @param id the id
     * @return a task's sessions in the order they started
     */
    List<SessionRecord> sessions(TaskId id);

    /**
     * Returns a task's iterations in order.
     *
     * @param id the id
     * @return a task's iterations in order
     */
    List<IterationRecord> iterations(TaskId id);

    /**
     * Returns a task's breakpoints in the order they fired.
     *
     * @param id the id
     * @return a task's breakpoints in the order they fired
     */
    List<BreakpointRecord> breakpoints(TaskId id);

    /**
     * Returns what a task used, summed over its sessions; {@link TaskMetrics#ZERO} for an unknown task.
     *
     * @param id the id
     * @return what a task used, summed over its sessions; {@link TaskMetrics#ZERO} for an unknown task
     */
    TaskMetrics taskMetrics(TaskId id);

    /**
     * Marks sessions left {@link SessionStatus#RUNNING} by a process that stopped as
     * {@link SessionStatus#ABANDONED}, and their running tasks as failed, with the reason.
     *
     * @return how many sessions were recovered
     */
    int recoverAbandonedSessions();

    /** Releases the store's connections and threads. The default does nothing. */
    @Override
    default void close() {}
}
