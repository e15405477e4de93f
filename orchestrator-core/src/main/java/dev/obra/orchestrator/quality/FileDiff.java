package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

/**
 * One file's change since the task started, as the judge is shown it.
 *
 * @param path          relative to the working directory
 * @param kind          what happened to the file
 * @param patch         the unified diff of the file (for a new file every line added; outside git, the file's
 *                      new content), or "" for a binary or deleted-outside-git file; may already be cut, in which
 *                      case it ends with a line saying so
 * @param binary        whether the file is binary, so that only its name is shown
 * @param thisIteration whether the file changed in the iteration being judged (and not only in earlier ones)
 */
public record FileDiff(String path, Kind kind, String patch, boolean binary, boolean thisIteration) {

    /** What happened to a file. */
    public enum Kind {
        /** The file is new, tracked or not. */
        ADDED,
        /** The file's content changed. */
        MODIFIED,
        /** The file was removed. */
        DELETED
    }

    /**
     * Creates the value, checking its components.
     *
     * @param path relative to the working directory
     * @param kind what happened to the file
     * @param patch the file's unified diff or new content, possibly cut; "" for a binary or deleted-outside-git file
     * @param binary whether the file is binary; a binary file's {@code patch} must be ""
     * @param thisIteration whether the file changed in the iteration being judged
     */
    public FileDiff {
        requireNonNull(path, "path");
        requireNonNull(kind, "kind");
        requireNonNull(patch, "patch");
        if (binary && !patch.isEmpty()) {
            throw new IllegalArgumentException("a binary file has no patch, " + path + " had one");
        }
    }
}
