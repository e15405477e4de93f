package dev.obra.orchestrator.workspace;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a task in a git worktree handed back: its branch, the commit it started from, and the commit holding its
 * changes.
 *
 * @param branch     the task's branch, for example {@code obra/1a2b3c4d-add-a-json-flag}; it stays for review
 * @param baseCommit the full id of the commit the branch was made from
 * @param commit     the full id of the task's commit; empty when nothing changed, while the task runs, or when the
 *                   commit was refused (see {@code failure})
 * @param changes    what changed from {@code baseCommit} to {@code commit} (or to what was staged, when the commit
 *                   was refused); {@linkplain WorkspaceChanges#probed() not probed} while the task runs
 * @param worktree   the task's worktree folder while it runs, or when it was kept (on request, or because the
 *                   commit was refused); empty once removed
 * @param failure    why the changes were not committed or the worktree not removed (a commit hook refused, git
 *                   failed), empty when all went well
 */
public record Delivery(
        String branch,
        String baseCommit,
        Optional<String> commit,
        WorkspaceChanges changes,
        Optional<Path> worktree,
        Optional<String> failure) {

    /**
     * Checks the delivery.
     *
     * @param branch     the task's branch
     * @param baseCommit the commit the branch was made from
     * @param commit     the task's commit, when there is one
     * @param changes    what changed from the base
     * @param worktree   the worktree, while the task runs or when kept
     * @param failure    why the work was not committed or the worktree not removed, when so
     */
    public Delivery {
        requireNonBlank(branch, "branch");
        requireNonBlank(baseCommit, "baseCommit");
        requireNonNull(commit, "commit");
        requireNonNull(changes, "changes");
        requireNonNull(worktree, "worktree");
        requireNonNull(failure, "failure");
    }

    /**
     * Returns the delivery of a task that has just started in {@code worktree} on {@code branch}.
     *
     * @param branch     the task's new branch
     * @param baseCommit the commit it was made from
     * @param worktree   the worktree it is checked out in
     * @return the pending delivery
     */
    public static Delivery started(String branch, String baseCommit, Path worktree) {
        return new Delivery(
                branch,
                baseCommit,
                Optional.empty(),
                WorkspaceChanges.notProbed(),
                Optional.of(requireNonNull(worktree, "worktree")),
                Optional.empty());
    }

    /**
     * Returns whether the task has not delivered yet: its changes are not known. A task that ended with its
     * delivery still pending was abandoned (its process stopped), and its worktree still holds its work.
     *
     * @return whether the delivery is pending
     */
    public boolean isPending() {
        return !changes.probed();
    }
}
