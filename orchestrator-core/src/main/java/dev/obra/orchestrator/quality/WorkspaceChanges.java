package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What changed in the working directory during one iteration.
 *
 * @param probed        whether a working directory was probed at all
 * @param gitRepository whether it is a git work tree (changes come from git) or not (from a file-hash snapshot)
 * @param changedFiles  paths relative to the working directory, sorted, at most {@link #MAX_LISTED_FILES}
 * @param filesChanged  how many files were added, modified or deleted (may exceed the listed ones)
 * @param insertions    lines added, where known
 * @param deletions     lines removed, where known
 * @param summary       one line for people, for example {@code "3 files changed (+42 -7): A.java, B.java, C.java"}
 * @param commits       the commits the agent made, oldest first, one line each ({@code "1a2b3c4 Add done.txt"});
 *                      their files count among the changed ones
 * @param notes         what else a reader must know, for example that {@code HEAD} moved to a commit that does not
 *                      contain the one the iteration started from (a checkout of another branch, a reset)
 */
public record WorkspaceChanges(
        boolean probed,
        boolean gitRepository,
        List<String> changedFiles,
        int filesChanged,
        long insertions,
        long deletions,
        String summary,
        List<String> commits,
        List<String> notes) {

    /** The most changed files listed by name. */
    public static final int MAX_LISTED_FILES = 200;

    /**
     * Creates the value, checking its components.
     *
     * @param probed whether a working directory was probed at all
     * @param gitRepository whether it is a git work tree (changes come from git) or not (from a file-hash snapshot)
     * @param changedFiles paths relative to the working directory, sorted, at most {@link #MAX_LISTED_FILES}
     * @param filesChanged how many files were added, modified or deleted (may exceed the listed ones)
     * @param insertions lines added, where known
     * @param deletions lines removed, where known
     * @param summary one line for people, for example {@code "3 files changed (+42 -7): A.java, B.java, C.java"}
     * @param commits the commits the agent made, oldest first, one line each; empty unless probed
     * @param notes what else a reader must know, for example that {@code HEAD} moved off the starting commit
     */
    public WorkspaceChanges {
        changedFiles = List.copyOf(requireNonNull(changedFiles, "changedFiles"));
        if (changedFiles.size() > MAX_LISTED_FILES) {
            changedFiles = changedFiles.subList(0, MAX_LISTED_FILES);
        }
        if (filesChanged < changedFiles.size()) {
            throw new IllegalArgumentException(
                    "filesChanged (" + filesChanged + ") is less than the files listed (" + changedFiles.size() + ")");
        }
        if (insertions < 0 || deletions < 0) {
            throw new IllegalArgumentException("line counts must be >= 0, were " + insertions + ", " + deletions);
        }
        requireNonNull(summary, "summary");
        commits = List.copyOf(requireNonNull(commits, "commits"));
        notes = List.copyOf(requireNonNull(notes, "notes"));
        if (!probed && (filesChanged > 0 || !commits.isEmpty())) {
            throw new IllegalArgumentException("an unprobed workspace has no known changes");
        }
    }

    /**
     * Returns the value for an iteration without a working directory to probe.
     *
     * @return changes that are not probed, with no files, commits or notes
     */
    public static WorkspaceChanges notProbed() {
        return new WorkspaceChanges(
                false, false, List.of(), 0, 0, 0, "no working directory to probe", List.of(), List.of());
    }

    /**
     * Returns whether any file changed or the agent committed anything.
     *
     * @return true when {@code filesChanged} is above 0 or there is a commit
     */
    public boolean hasChanges() {
        return filesChanged > 0 || !commits.isEmpty();
    }
}
