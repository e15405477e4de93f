package dev.obra.orchestrator.examples.report;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.workspace.Delivery;
import dev.obra.orchestrator.workspace.git.GitCli;
import dev.obra.orchestrator.workspace.git.GitCliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delivered task's diff against its base, from git (an argument list). The text is git's own: whoever shows it
 * cleans it for where it goes (the terminal's {@code Terminal}, the report's escaping).
 */
public final class GitDiff {
    private GitDiff() {}

    /** What asking git for a diff gave. */
    public sealed interface Result {
        /**
         * The diff git gave.
         *
         * @param text the diff or diffstat, as git wrote it; empty when nothing differs
         */
        record Diff(String text) implements Result {
            /**
             * Checks the value.
             *
             * @param text the diff or diffstat, as git wrote it; empty when nothing differs
             */
            public Diff {
                requireNonNull(text, "text");
            }
        }

        /** Nothing to ask git: the task made no commit and kept no worktree, so it changed nothing. */
        record NothingCommitted() implements Result {}

        /**
         * Nothing to ask git: the task made no commit, and the worktree it kept is no longer there.
         *
         * @param worktree the kept worktree's folder, as recorded
         */
        record WorktreeGone(Path worktree) implements Result {
            /**
             * Checks the value.
             *
             * @param worktree the kept worktree's folder, as recorded
             */
            public WorktreeGone {
                requireNonNull(worktree, "worktree");
            }
        }

        /**
         * Git could not give the diff.
         *
         * @param reason why, in a sentence that says what to do
         */
        record Problem(String reason) implements Result {
            /**
             * Checks the value.
             *
             * @param reason why, in a sentence that says what to do
             */
            public Problem {
                requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Returns the diff of {@code delivery} from its base commit to its commit, asked of the repository at
     * {@code repository} (any of its worktrees); with {@code stat}, the diffstat. Without a commit, the kept worktree's
     * changes against the base, when it is still there.
     *
     * @param repository the task's repository, or any of its worktrees
     * @param delivery what the task delivered
     * @param stat whether to ask for the diffstat instead of the diff
     * @return the diff, or why there is none
     */
    public static Result of(Path repository, Delivery delivery, boolean stat) {
        requireNonNull(repository, "repository");
        requireNonNull(delivery, "delivery");
        List<String> command =
                new ArrayList<>(List.of("-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff"));
        if (stat) {
            command.add("--stat");
        }
        Path where = repository;
        command.add(delivery.baseCommit());
        if (delivery.commit().isPresent()) {
            command.add(delivery.commit().get());
        } else if (delivery.worktree().isEmpty()) {
            return new Result.NothingCommitted();
        } else if (Files.isDirectory(delivery.worktree().get())) {
            where = delivery.worktree().get();
        } else {
            return new Result.WorktreeGone(delivery.worktree().get());
        }
        Optional<GitCli> git = GitCli.onPath();
        if (git.isEmpty()) {
            return new Result.Problem("git is not on PATH");
        }
        try {
            GitCli.Result r = git.get().run(where, command, Optional.empty(), Map.of());
            if (!r.ok()) {
                return new Result.Problem("git in " + where + " does not know commit "
                        + delivery.commit().orElse(delivery.baseCommit()) + " (exit " + r.exitCode()
                        + "): run this in the task's repository, or name it with --repo");
            }
            return new Result.Diff(r.stdout());
        } catch (GitCliException e) {
            return new Result.Problem(e.getMessage());
        }
    }
}
