package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

/** A submitted task: its id, its future result, and a way to cancel it. Thread-safe. */
public final class TaskHandle {
    private final TaskId taskId;
    private final CompletableFuture<TaskResult> result;
    private final TaskRun run;

    TaskHandle(TaskId taskId, CompletableFuture<TaskResult> result, TaskRun run) {
        this.taskId = requireNonNull(taskId, "taskId");
        this.result = requireNonNull(result, "result");
        this.run = requireNonNull(run, "run");
    }

    /**
     * Returns the task's id.
     *
     * @return the task's id
     */
    public TaskId taskId() {
        return taskId;
    }

    /**
     * Returns the result, completed when the task ends. A cancelled task completes normally with status
     * {@link TaskStatus#CANCELLED}; a task failed by a programming error completes exceptionally with it.
     * Cancelling the returned future does not cancel the task: call {@link #cancel()}.
     *
     * @return the result, completed when the task ends
     */
    public CompletableFuture<TaskResult> result() {
        return result.copy();
    }

    /**
     * Cancels the task: a running agent is stopped with its whole process tree and its session is recorded
     * {@code CANCELLED}; a task that has not started ends {@code CANCELLED} without running. Does not wait.
     *
     * @return false when the task had already ended
     */
    public boolean cancel() {
        return !result.isDone() && run.cancel();
    }
}
