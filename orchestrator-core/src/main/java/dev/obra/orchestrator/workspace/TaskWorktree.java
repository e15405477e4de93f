package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.git.GitCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task's worktree and branch: commits once and removes the folder when the task ends. */
final class TaskWorktree implements WorkingCopy {
    private static final Logger log = LoggerFactory.getLogger(TaskWorktree.class);

    private final Repository.Git git;
    private final Path commonDir;
    private final TaskId task;
    private final String description;
    private final String branch;
    private final String baseCommit;
    private final Path worktree;
    private final Path directory;
    private final boolean keep;

    TaskWorktree(
            Repository.Git git,
            Path commonDir,
            TaskId task,
            String description,
            String branch,
            String baseCommit,
            Path worktree,
            Path directory,
            boolean keep) {
        this.git = git;
        this.commonDir = commonDir;
        this.task = task;
        this.description = description;
        this.branch = branch;
        this.baseCommit = baseCommit;
        this.worktree = worktree;
        this.directory = directory;
        this.keep = keep;
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(directory);
    }

    @Override
    public Optional<Delivery> started() {
        return Optional.of(Delivery.started(branch, baseCommit, worktree));
    }

    @Override
    public Optional<Delivery> deliver(TaskStatus status, String reason, TaskMetrics metrics) {
        return Optional.of(complete(Commits.message(task, description, status, reason, metrics), keep));
    }

    /** Commits what an abandoned task's worktree holds as work in progress, and removes it. */
    Delivery salvage(String reason) {
        return complete(Commits.salvageMessage(task, description, reason), false);
    }

    private Delivery complete(String message, boolean keepIt) {
        // git refuses to remove a worktree with changes (ignored files aside): one process settles the common case
        // of a task that changed nothing, and otherwise says there is something to commit.
        if (!keepIt && removeIfClean()) {
            // Nothing left uncommitted; the agent may have committed on the branch itself.
            Optional<String> head = branchHead().filter(h -> !h.equals(baseCommit));
            WorkspaceChanges changes = head.map(h -> Commits.changes(git, commonDir, baseCommit, h))
                    .orElseGet(Commits::noChanges);
            return new Delivery(branch, baseCommit, head, changes, Optional.empty(), Optional.empty());
        }
        Optional<String> commit = Optional.empty();
        Optional<String> failure = Optional.empty();
        WorkspaceChanges changes = Commits.noChanges();
        try {
            Commits.Outcome outcome = Commits.commitAll(git, commonDir, worktree, message);
            // Without a commit of ours, the agent's own commits on the branch are the delivery.
            commit = outcome.commit()
                    .or(() -> outcome.failure().isPresent()
                            ? Optional.empty()
                            : branchHead().filter(h -> !h.equals(baseCommit)));
            failure = outcome.failure();
            if (failure.isPresent()) {
                changes = Commits.stagedChanges(git, worktree, baseCommit);
            } else if (commit.isPresent()) {
                changes = Commits.changes(git, commonDir, baseCommit, commit.get());
            }
        } catch (WorkspaceException e) {
            failure = Optional.of(e.getMessage());
        }
        Optional<Path> left = Optional.of(worktree);
        if (!keepIt && failure.isEmpty()) {
            Optional<String> removal = remove();
            if (removal.isEmpty()) {
                left = Optional.empty();
            } else {
                failure = removal;
            }
        }
        if (failure.isPresent()) {
            log.warn("Task {} on branch {}: {}; the worktree {} is kept", task, branch, failure.get(), worktree);
        }
        return new Delivery(branch, baseCommit, commit, changes, left, failure);
    }

    /** Returns the commit the task's branch points at: from its loose ref file, else from git; empty if unknown. */
    private Optional<String> branchHead() {
        try {
            return Repository.branchHead(git, commonDir, branch);
        } catch (WorkspaceException e) {
            return Optional.empty();
        }
    }

    /** Removes the worktree when it holds no change; returns whether it did. */
    private boolean removeIfClean() {
        try {
            return RepositoryLocks.holding(
                            commonDir,
                            () -> git.run(
                                    commonDir,
                                    List.of("--git-dir=" + commonDir, "worktree", "remove", worktree.toString())))
                    .ok();
        } catch (WorkspaceException e) {
            return false;
        }
    }

    /** Removes the worktree folder and its registration; returns why it could not, or empty. */
    private Optional<String> remove() {
        try {
            GitCli.Result removed = RepositoryLocks.holding(
                    commonDir,
                    () -> git.run(
                            commonDir,
                            List.of("--git-dir=" + commonDir, "worktree", "remove", "--force", worktree.toString())));
            return removed.ok()
                    ? Optional.empty()
                    : Optional.of("cannot remove the worktree " + worktree + ": " + removed.message());
        } catch (WorkspaceException e) {
            return Optional.of("cannot remove the worktree " + worktree + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "worktree " + worktree + " on branch " + branch;
    }
}
