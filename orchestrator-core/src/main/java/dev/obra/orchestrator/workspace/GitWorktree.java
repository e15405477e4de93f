package dev.obra.orchestrator.workspace;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.workspace.git.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every task a git worktree and branch of its own, made from a base commit, and delivers what it changed as
 * one commit on that branch. The agent, the workspace probe and the verification all run in the worktree; the
 * user's working tree, index and current branch are never touched. A dirty user tree is not the base: the base is
 * a commit.
 *
 * <pre>{@code
 * Orchestrator.builder().agent(agent).workspace(Workspace.gitWorktree().baseRef("main").build())
 * }</pre>
 *
 * <p>The branch is {@code branchPrefix} + the first 8 letters and digits of the task id + a slug of the
 * description (ASCII letters, digits, dashes); an existing branch is never reused: a {@code -2}, {@code -3}, ...
 * suffix is added. Worktrees are made under {@code root}, by default {@code <repository>.obra-worktrees} beside
 * the repository's top folder, and removed when the task ends unless kept; the branch stays for review.
 *
 * <p>Tasks on one repository run in parallel; only the git operations that take repository-wide locks (worktree
 * add and remove, the commit that updates the branch) take turns. Immutable and thread-safe; the builder is not.
 */
public final class GitWorktree implements Workspace {
    /** The default base ref: {@code HEAD} of the task's directory. */
    public static final String DEFAULT_BASE_REF = "HEAD";
    /** The default branch prefix. */
    public static final String DEFAULT_BRANCH_PREFIX = "obra/";
    /** The suffix of the default worktree root's folder name. */
    public static final String DEFAULT_ROOT_SUFFIX = ".obra-worktrees";

    private static final int MAX_NAME_ATTEMPTS = 100;

    private final Optional<Path> root;
    private final String baseRef;
    private final String branchPrefix;
    private final boolean keepWorktree;
    /** Checked repositories by task directory: the checks run once per directory, not per task. */
    private final ConcurrentHashMap<Path, Checked> checked = new ConcurrentHashMap<>();

    private GitWorktree(Builder b) {
        root = b.root;
        baseRef = b.baseRef;
        branchPrefix = b.branchPrefix;
        keepWorktree = b.keepWorktree;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder with this workspace's settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = builder().baseRef(baseRef).branchPrefix(branchPrefix).keepWorktree(keepWorktree);
        root.ifPresent(b::root);
        return b;
    }

    /**
     * Returns where worktrees are made, when set; empty for the default beside the repository.
     *
     * @return the root
     */
    public Optional<Path> root() {
        return root;
    }

    /**
     * Returns the ref new branches are made from.
     *
     * @return the base ref
     */
    public String baseRef() {
        return baseRef;
    }

    /**
     * Returns what every task branch's name starts with.
     *
     * @return the prefix
     */
    public String branchPrefix() {
        return branchPrefix;
    }

    /**
     * Returns whether worktrees are kept when their task ends.
     *
     * @return whether they are kept
     */
    public boolean keepWorktree() {
        return keepWorktree;
    }

    /**
     * Makes the task's branch from the base ref and checks it out in a new worktree.
     *
     * @throws WorkspaceException when git is missing, the directory is not in a git work tree (or the task has no
     *                            directory), the repository has no commit, the base ref is missing, the root is
     *                            inside the repository's work tree, or git fails
     */
    @Override
    public void check(TaskId task, Optional<Path> directory) {
        checked(requireNonNull(task, "task"), requireNonNull(directory, "directory"));
    }

    @Override
    public WorkingCopy open(TaskId task, String description, Optional<Path> directory) {
        requireNonNull(task, "task");
        requireNonNull(description, "description");
        requireNonNull(directory, "directory");
        Path dir = directory.get();
        Checked c = checked(task, directory);
        Repository.Git git = c.git();
        Repository repo = c.repository();
        for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
            String branch = BranchNames.candidate(branchPrefix, task, description, n);
            Path worktree = c.root().resolve(BranchNames.folder(branchPrefix, branch));
            if (Files.exists(worktree)) {
                continue;
            }
            GitCli.Result added = RepositoryLocks.holding(
                    repo.commonDir(),
                    () -> git.run(
                            dir, List.of("worktree", "add", "--quiet", "-b", branch, worktree.toString(), baseRef)));
            if (added.ok()) {
                String base = baseCommit(git, repo, branch);
                return new TaskWorktree(
                        git,
                        repo.commonDir(),
                        task,
                        description,
                        branch,
                        base,
                        worktree,
                        worktree.resolve(repo.prefix()),
                        keepWorktree);
            }
            if (!added.message().contains("already exists")) {
                throw new WorkspaceException(
                        WorkspaceException.Kind.GIT_FAILED,
                        "cannot make a worktree for task " + task + " at " + worktree + " on branch " + branch + ": "
                                + added.message());
            }
        }
        throw new WorkspaceException(
                WorkspaceException.Kind.GIT_FAILED,
                "no free branch name for task " + task
                        + " after " + MAX_NAME_ATTEMPTS + " tries starting with "
                        + BranchNames.candidate(branchPrefix, task, description, 1));
    }

    /**
     * Commits what the worktree of an abandoned task holds (its process stopped before it delivered) as work in
     * progress on its branch, and removes the worktree. Never throws for git failures: they are recorded on the
     * delivery.
     *
     * @param task        the abandoned task
     * @param description what it was asked to do
     * @param pending     its delivery as recorded when it started ({@link Delivery#isPending()})
     * @param reason      why it ended, for the commit message
     * @return the delivery after the salvage
     * @throws IllegalArgumentException when {@code pending} is not pending
     */
    public static Delivery salvage(TaskId task, String description, Delivery pending, String reason) {
        requireNonNull(task, "task");
        requireNonNull(description, "description");
        requireNonNull(pending, "pending");
        requireNonNull(reason, "reason");
        if (!pending.isPending()) {
            throw new IllegalArgumentException("the delivery of task " + task + " is not pending");
        }
        Path worktree = pending.worktree()
                .orElseThrow(() ->
                        new IllegalArgumentException("the pending delivery of task " + task + " names no worktree"));
        if (!Files.isDirectory(worktree)) {
            return new Delivery(
                    pending.branch(),
                    pending.baseCommit(),
                    Optional.empty(),
                    Commits.noChanges(),
                    Optional.empty(),
                    Optional.of("the worktree " + worktree + " was gone"));
        }
        try {
            Repository.Git git = Repository.Git.onPath();
            Path commonDir = Repository.locate(git, worktree, worktree + " is no longer a git worktree")
                    .commonDir();
            TaskWorktree copy = new TaskWorktree(
                    git,
                    commonDir,
                    task,
                    description,
                    pending.branch(),
                    pending.baseCommit(),
                    worktree,
                    worktree,
                    false);
            return copy.salvage(reason);
        } catch (WorkspaceException e) {
            return new Delivery(
                    pending.branch(),
                    pending.baseCommit(),
                    Optional.empty(),
                    Commits.noChanges(),
                    Optional.of(worktree),
                    Optional.of("cannot salvage the worktree: " + e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return "Workspace.gitWorktree()[root=" + root.map(Path::toString).orElse("default") + ", baseRef=" + baseRef
                + ", branchPrefix=" + branchPrefix + ", keepWorktree=" + keepWorktree + "]";
    }

    /** The repository checks for {@code directory}, made once per directory. */
    private Checked checked(TaskId task, Optional<Path> directory) {
        Path dir = directory.orElseThrow(() -> new WorkspaceException(
                WorkspaceException.Kind.NOT_A_REPOSITORY,
                "a git worktree workspace needs a working directory in a git repository, and task " + task
                        + " has none: set one on the task or the agent"));
        Checked c = checked.get(dir);
        if (c == null) {
            c = check(dir);
            checked.put(dir, c);
        }
        return c;
    }

    private Checked check(Path dir) {
        Repository.Git git = Repository.Git.onPath();
        Repository repo = Repository.inspect(git, dir, baseRef);
        Path top = RealPaths.of(repo.topLevel());
        Path where = RealPaths.of(root.orElseGet(
                () -> repo.topLevel().resolveSibling(repo.topLevel().getFileName() + DEFAULT_ROOT_SUFFIX)));
        if (where.startsWith(top)) {
            throw new WorkspaceException(
                    WorkspaceException.Kind.ROOT_INSIDE_WORK_TREE,
                    "the worktree root " + where
                            + " is inside the work tree of the repository at " + top + ", where the agent's tools and "
                            + "the user's would see every task's copy: choose a root outside it");
        }
        return new Checked(git, repo, where);
    }

    /** The commit the new branch points at, from its loose ref file when there is one (no process needed). */
    private static String baseCommit(Repository.Git git, Repository repo, String branch) {
        return Repository.branchHead(git, repo.commonDir(), branch)
                .orElseThrow(() -> new WorkspaceException(
                        WorkspaceException.Kind.GIT_FAILED, "cannot read the commit of the new branch " + branch));
    }

    /** A checked repository and the root its worktrees go in. */
    private record Checked(Repository.Git git, Repository repository, Path root) {}

    /** Builds a {@link GitWorktree}. Not thread-safe. */
    public static final class Builder {
        private Optional<Path> root = Optional.empty();
        private String baseRef = DEFAULT_BASE_REF;
        private String branchPrefix = DEFAULT_BRANCH_PREFIX;
        private boolean keepWorktree;

        private Builder() {}

        /**
         * Sets where worktrees are made (default: {@code <repository>.obra-worktrees} beside the repository's top
         * folder). It must be outside the repository's work tree, which is checked when a task starts.
         *
         * @param value the root
         * @return this builder
         */
        public Builder root(Path value) {
            root = Optional.of(requireNonNull(value, "root").toAbsolutePath().normalize());
            return this;
        }

        /**
         * Sets the ref every task branch is made from: a branch, tag or commit (default {@code HEAD}).
         *
         * @param value the ref
         * @return this builder
         * @throws IllegalArgumentException when it is blank, starts with '-' or holds control characters
         */
        public Builder baseRef(String value) {
            requireNonNull(value, "baseRef");
            if (value.isBlank() || value.startsWith("-") || value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new IllegalArgumentException("baseRef must be a ref name or commit, was '" + value + "'");
            }
            baseRef = value;
            return this;
        }

        /**
         * Sets what every task branch's name starts with (default {@code obra/}); ASCII letters, digits, '.', '_',
         * '-' and '/', valid as the start of a git branch name.
         *
         * @param value the prefix
         * @return this builder
         * @throws IllegalArgumentException when it could not start a valid branch name
         */
        public Builder branchPrefix(String value) {
            requireNonNull(value, "branchPrefix");
            BranchNames.prefixProblem(value).ifPresent(problem -> {
                throw new IllegalArgumentException("branchPrefix '" + value + "' " + problem);
            });
            branchPrefix = value;
            return this;
        }

        /**
         * Sets whether worktrees are kept when their task ends (default false: removed; the branch stays).
         *
         * @param value whether to keep them
         * @return this builder
         */
        public Builder keepWorktree(boolean value) {
            keepWorktree = value;
            return this;
        }

        /**
         * Returns the workspace.
         *
         * @return the workspace
         */
        public GitWorktree build() {
            return new GitWorktree(this);
        }
    }
}
