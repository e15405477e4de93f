package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.workspace.git.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The git repository a task's directory is in, as git reports it.
 *
 * @param topLevel  the top of its work tree
 * @param commonDir the repository's common git directory (shared by all its worktrees), real path
 * @param prefix    the directory below the top of the work tree, as git prints it ({@code sub/dir/}), or ""
 */
record Repository(Path topLevel, Path commonDir, String prefix) {
    /** A SHA-1 or SHA-256 object id, as a loose ref file holds it. */
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40,64}");

    /**
     * Finds the repository of {@code directory} and checks that {@code baseRef} names a commit in it.
     *
     * @throws WorkspaceException when it is not in a git work tree, has no commit, or the base ref is missing
     */
    static Repository inspect(Git git, Path directory, String baseRef) {
        Repository repository = locate(
                git,
                directory,
                "a git worktree workspace needs the task's directory in a git work tree, and " + directory
                        + " is not in one");
        Path top = repository.topLevel();
        GitCli.Result base = git.run(
                directory, List.of("rev-parse", "--verify", "--quiet", "--end-of-options", baseRef + "^{commit}"));
        if (!base.ok()) {
            GitCli.Result head = baseRef.equals("HEAD")
                    ? base
                    : git.run(directory, List.of("rev-parse", "--verify", "--quiet", "HEAD^{commit}"));
            if (!head.ok()) {
                throw new WorkspaceException(
                        WorkspaceException.Kind.NO_COMMITS,
                        "the repository at " + top
                                + " has no commit yet, so a task has nothing to branch from: commit something first");
            }
            throw new WorkspaceException(
                    WorkspaceException.Kind.BASE_REF_MISSING,
                    "the base ref '" + baseRef + "' does not name a commit in the repository at " + top);
        }
        return repository;
    }

    /**
     * Finds the repository of {@code directory}, in one git process.
     *
     * @param notOne what the {@link WorkspaceException.Kind#NOT_A_REPOSITORY} exception says, before git's message,
     *               when {@code directory} is not in a git work tree
     * @throws WorkspaceException when it is not in a git work tree, or git fails
     */
    static Repository locate(Git git, Path directory, String notOne) {
        GitCli.Result where =
                git.run(directory, List.of("rev-parse", "--show-toplevel", "--git-common-dir", "--show-prefix"));
        String[] lines = where.stdout().split("\n", -1);
        if (!where.ok() || lines.length < 3 || lines[0].isBlank()) {
            throw new WorkspaceException(WorkspaceException.Kind.NOT_A_REPOSITORY, notOne + ": " + where.message());
        }
        return new Repository(
                Path.of(lines[0].strip()), RealPaths.of(directory.resolve(lines[1].strip())), lines[2].strip());
    }

    /**
     * Returns the commit {@code branch} points at: from its loose ref file when there is one (no process needed),
     * else from git; empty when git does not know the branch.
     *
     * @throws WorkspaceException when git cannot be run
     */
    static Optional<String> branchHead(Git git, Path commonDir, String branch) {
        try {
            String id = Files.readString(commonDir.resolve("refs/heads").resolve(branch))
                    .strip();
            if (OBJECT_ID.matcher(id).matches()) {
                return Optional.of(id);
            }
        } catch (IOException e) {
            // Packed or in a reftable: ask git.
        }
        GitCli.Result head = git.run(
                commonDir,
                List.of("--git-dir=" + commonDir, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch));
        return head.ok() ? Optional.of(head.stdout().strip()) : Optional.empty();
    }

    /** The git command line, with failures to run it as {@link WorkspaceException}. */
    record Git(GitCli cli) {
        GitCli.Result run(Path directory, List<String> args) {
            return run(directory, args, Optional.empty(), Map.of());
        }

        GitCli.Result run(Path directory, List<String> args, Optional<String> input, Map<String, String> env) {
            try {
                return cli.run(directory, args, input, env);
            } catch (dev.obra.orchestrator.workspace.git.GitCliException e) {
                throw new WorkspaceException(WorkspaceException.Kind.GIT_FAILED, e.getMessage(), e);
            }
        }

        /** Returns git on PATH; throws a {@link WorkspaceException.Kind#GIT_MISSING} exception when it is not. */
        static Git onPath() {
            return onPath(java.util.Objects.requireNonNullElse(System.getenv("PATH"), ""));
        }

        static Git onPath(String pathVariable) {
            return new Git(GitCli.onPath(pathVariable)
                    .orElseThrow(() -> new WorkspaceException(
                            WorkspaceException.Kind.GIT_MISSING,
                            "a git worktree workspace needs git, and there is no " + "executable 'git' on PATH ("
                                    + pathVariable + ")")));
        }
    }
}
