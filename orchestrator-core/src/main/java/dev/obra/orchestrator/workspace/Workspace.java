package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a task gets its working copy and hands back its result. Set one with
 * {@code Orchestrator.Builder.workspace(...)}:
 *
 * <ul>
 *   <li>{@link #inPlace()}, the default: the task's working directory is edited as it is, and nothing is
 *       committed;</li>
 *   <li>{@link #gitWorktree()}: each task works in a new git worktree on a new branch made from a base commit, and
 *       whatever it changed is committed once on that branch when it ends.</li>
 * </ul>
 *
 * <p>Implementations are immutable and thread-safe. The set is closed: the orchestrator relies on what each does.
 */
public sealed interface Workspace permits InPlace, GitWorktree {

    /**
     * Returns the workspace that edits the task's working directory as it is (the default).
     *
     * @return the in-place workspace
     */
    static Workspace inPlace() {
        return InPlace.INSTANCE;
    }

    /**
     * Returns a builder for the workspace that gives every task its own git worktree and branch.
     *
     * @return the builder
     */
    static GitWorktree.Builder gitWorktree() {
        return GitWorktree.builder();
    }

    /**
     * Checks that {@link #open} can make this task's working copy, without making it: called by the orchestrator when
     * a task is run or submitted, so that bad input is refused at once and before anything is stored.
     *
     * @param task      the task's id
     * @param directory the task's working directory as configured, absolute; empty when it has none
     * @throws WorkspaceException when no working copy can be made there (see {@link WorkspaceException.Kind})
     */
    void check(TaskId task, Optional<Path> directory);

    /**
     * Makes the working copy of a task that is about to start; called by the orchestrator when the task starts
     * running (not while it waits in the queue), before the task is recorded.
     *
     * @param task        the task's id
     * @param description what the task is asked to do (names its branch)
     * @param directory   the task's working directory as configured, absolute; empty when it has none
     * @return the copy the task works in
     * @throws WorkspaceException when no working copy can be made there (see {@link WorkspaceException.Kind})
     */
    WorkingCopy open(TaskId task, String description, Optional<Path> directory);
}
