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

    /**
     * What asking git for a diff gave.
     *
     * @param text    the diff (may be empty: nothing changed), when git gave one
     * @param problem why there is none, empty when there is
     */
    public record Result(Optional<String> text, Optional<String> problem) {
        public Result {
            requireNonNull(text, "text");
            requireNonNull(problem, "problem");
        }
    }

    /**
     * Returns the diff of {@code delivery} from its base commit to its commit, asked of the repository at
     * {@code repository} (any of its worktrees); with {@code stat}, the diffstat. Without a commit, the kept worktree's
     * changes against the base, when it is still there.
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
        } else if (delivery.worktree().filter(Files::isDirectory).isPresent()) {
            where = delivery.worktree().get();
        } else {
            return new Result(Optional.of(""), Optional.empty());
        }
        Optional<GitCli> git = GitCli.onPath();
        if (git.isEmpty()) {
            return new Result(Optional.empty(), Optional.of("git is not on PATH"));
        }
        try {
            GitCli.Result r = git.get().run(where, command, Optional.empty(), Map.of());
            if (!r.ok()) {
                return new Result(
                        Optional.empty(),
                        Optional.of("git in " + where + " does not know commit "
                                + delivery.commit().orElse(delivery.baseCommit()) + " (exit " + r.exitCode()
                                + "): run this "
                                + "in the task's repository, or name it with --repo"));
            }
            return new Result(Optional.of(r.stdout()), Optional.empty());
        } catch (GitCliException e) {
            return new Result(Optional.empty(), Optional.of(e.getMessage()));
        }
    }
}
