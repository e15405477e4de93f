package dev.obra.orchestrator.workspace;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.OrchestratorException;

/** No working copy could be made for a task; {@link #kind()} says why, the message names the thing and value. */
public final class WorkspaceException extends OrchestratorException {
    /** The serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why no working copy could be made. */
    public enum Kind {
        /** git is not on {@code PATH}. */
        GIT_MISSING,
        /** The task's directory is not inside a git work tree, or the task has no directory. */
        NOT_A_REPOSITORY,
        /** The repository has no commit yet, so there is nothing to branch from. */
        NO_COMMITS,
        /** The base ref does not name a commit in the repository. */
        BASE_REF_MISSING,
        /** The worktree root is inside the repository's work tree, where the agent and the user would see it. */
        ROOT_INSIDE_WORK_TREE,
        /** A git command failed. */
        GIT_FAILED
    }

    /** Why no working copy could be made. */
    private final Kind kind;

    /**
     * Makes the exception.
     *
     * @param kind    why no working copy could be made
     * @param message what happened, naming the thing and the value
     */
    public WorkspaceException(Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Makes the exception with its cause.
     *
     * @param kind    why no working copy could be made
     * @param message what happened, naming the thing and the value
     * @param cause   the failure underneath
     */
    public WorkspaceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Returns why no working copy could be made.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
