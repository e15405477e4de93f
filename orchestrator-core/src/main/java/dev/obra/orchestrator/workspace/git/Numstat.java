package dev.obra.orchestrator.workspace.git;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code git diff --numstat -z} printed: the files in its order, and the lines added and removed (a binary
 * file counts none). Not API: used by the workspace and the workspace probe; may change in any release.
 *
 * @param files      the files, in git's order
 * @param insertions the lines added
 * @param deletions  the lines removed
 */
public record Numstat(List<String> files, long insertions, long deletions) {
    /** How many files a {@link #summary} names before "and N more". */
    private static final int NAMED = 10;

    /**
     * Copies the files.
     *
     * @param files      the files, in git's order; copied
     * @param insertions the lines added
     * @param deletions  the lines removed
     */
    public Numstat {
        files = List.copyOf(files);
    }

    /**
     * Reads the output of {@code git diff --numstat -z} without renames: one {@code added TAB removed TAB path NUL}
     * per file, with {@code -} for the counts of a binary file.
     *
     * @param output what git printed
     * @return the files and line counts
     * @throws NumberFormatException when a count is neither a number nor {@code -}
     */
    public static Numstat parse(String output) {
        requireNonNull(output, "output");
        List<String> files = new ArrayList<>();
        long insertions = 0;
        long deletions = 0;
        for (String entry : output.split("\0")) {
            String[] parts = entry.split("\t", 3);
            if (parts.length < 3) {
                continue;
            }
            if (!parts[0].equals("-")) {
                insertions += Long.parseLong(parts[0].strip());
                deletions += Long.parseLong(parts[1].strip());
            }
            files.add(parts[2]);
        }
        return new Numstat(files, insertions, deletions);
    }

    /**
     * Returns the one-line summary of a change: {@code 3 files changed (+12 -4): a, b, c}, naming the first ten
     * files and then {@code , and N more}; {@code no files changed} when {@code files} is empty.
     *
     * @param files      the changed files, in the order to name them
     * @param lines      whether to say {@code (+insertions -deletions)}
     * @param insertions the lines added
     * @param deletions  the lines removed
     * @return the summary
     */
    public static String summary(List<String> files, boolean lines, long insertions, long deletions) {
        requireNonNull(files, "files");
        int count = files.size();
        if (count == 0) {
            return "no files changed";
        }
        StringBuilder s = new StringBuilder()
                .append(count)
                .append(count == 1 ? " file" : " files")
                .append(" changed");
        if (lines) {
            s.append(" (+").append(insertions).append(" -").append(deletions).append(')');
        }
        s.append(": ").append(String.join(", ", files.subList(0, Math.min(NAMED, count))));
        if (count > NAMED) {
            s.append(", and ").append(count - NAMED).append(" more");
        }
        return s.toString();
    }
}
