package dev.obra.orchestrator.internal.text;

/** Text made fit for one line of a log or message. */
public final class Texts {
    private Texts() {}

    /**
     * Returns {@code text} on one line: stripped, each run of white space (line breaks too) made one space, and cut
     * to {@code max} characters followed by {@code ...} when it is longer.
     *
     * @param text the text
     * @param max  the most characters kept, not counting the {@code ...}
     * @return {@code text} on one line, at most {@code max} characters and {@code ...}
     */
    public static String oneLine(String text, int max) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }
}
