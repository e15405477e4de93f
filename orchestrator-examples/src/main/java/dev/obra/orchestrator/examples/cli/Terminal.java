package dev.obra.orchestrator.examples.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;

/**
 * Where {@code obra} prints: every line goes through {@link #clean(String)}, because what we print carries text from
 * outside (a verification's output, the agent's and the judge's words, the store's contents) and an escape sequence
 * in it would reach the user's terminal: OSC 52 writes the clipboard, CSI rewrites the screen. Only
 * {@link #control(String)} writes our own sequences, unfiltered.
 */
final class Terminal {
    /** The width assumed when {@code COLUMNS} does not say. */
    static final int DEFAULT_COLUMNS = 80;

    private static final char ESC = '\u001b';
    private static final char BEL = '\u0007';

    private final PrintStream out;

    Terminal(PrintStream out) {
        this.out = out;
    }

    /** Returns a terminal on {@code System.out}. */
    static Terminal stdout() {
        return new Terminal(System.out);
    }

    /**
     * Returns whether {@code System.out} is an interactive terminal that can redraw a line: picocli's
     * {@code Ansi.AUTO} (which honours {@code NO_COLOR} and, on JDK 22+, where {@code System.console()} is not null
     * when piped, asks the console whether it is a terminal), and not {@code TERM=dumb}.
     */
    static boolean isInteractive() {
        return CommandLine.Help.Ansi.AUTO.enabled() && !"dumb".equals(System.getenv("TERM"));
    }

    /** Returns the terminal's width: {@code COLUMNS} when it holds a sane number, else {@link #DEFAULT_COLUMNS}. */
    static int columns(Map<String, String> environment) {
        String value = environment.get("COLUMNS");
        if (value != null) {
            try {
                int columns = Integer.parseInt(value.strip());
                if (columns >= 10 && columns <= 10_000) {
                    return columns;
                }
            } catch (NumberFormatException e) {
                // Not a number: fall back to the default.
            }
        }
        return DEFAULT_COLUMNS;
    }

    /** Prints {@code text}, cleaned, and a line break. */
    void println(String text) {
        out.println(clean(text));
    }

    /** Prints a line break. */
    void println() {
        out.println();
    }

    /** Prints {@code text}, cleaned, without a line break. */
    void print(String text) {
        out.print(clean(text));
    }

    /** Writes one of our own control sequences (carriage return, erase line) as it is. */
    void control(String sequence) {
        out.print(sequence);
    }

    /** Flushes the stream. */
    void flush() {
        out.flush();
    }

    /**
     * Returns {@code text} without control sequences (CSI; OSC, DCS, SOS, PM and APC strings up to BEL or ST; other
     * escape sequences) and without C0 and C1 controls other than newline and tab. An unterminated string sequence
     * is dropped up to the end of its line.
     */
    static String clean(String text) {
        int n = text.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (!control) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n).append(text, 0, i);
            }
            i = skipSequence(text, i) - 1;
        }
        return out == null ? text : out.toString();
    }

    /** Returns the index after the control character or sequence that starts at {@code start}. */
    private static int skipSequence(String text, int start) {
        int n = text.length();
        char c = text.charAt(start);
        if (c == ESC) {
            if (start + 1 >= n) {
                return n;
            }
            char next = text.charAt(start + 1);
            if (next == '[') {
                return skipCsi(text, start + 2);
            }
            if (next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_') {
                return skipString(text, start + 2);
            }
            int i = start + 1;
            while (i < n && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
                i++; // intermediate bytes, as in ESC ( B
            }
            return i < n && text.charAt(i) >= 0x30 && text.charAt(i) <= 0x7e ? i + 1 : i;
        }
        if (c == '\u009b') {
            return skipCsi(text, start + 1);
        }
        if (c == '\u009d' || c == '\u0090' || c == '\u0098' || c == '\u009e' || c == '\u009f') {
            return skipString(text, start + 1);
        }
        return start + 1;
    }

    /** Skips a CSI's parameter and intermediate bytes and its final byte. */
    private static int skipCsi(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3f) {
            i++;
        }
        return i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7e ? i + 1 : i;
    }

    /** Skips a string sequence's body and its terminator: BEL, ESC \ or the C1 ST. */
    private static int skipString(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == BEL || c == '\u009c') {
                return i + 1;
            }
            if (c == ESC) {
                return i + 1 < text.length() && text.charAt(i + 1) == '\\' ? i + 2 : i;
            }
            if (c == '\n') {
                return i;
            }
        }
        return text.length();
    }

    /** Returns {@code line} cut to fewer than {@code columns} code points, so that it never wraps. */
    static String fit(String line, int columns) {
        int max = Math.max(1, columns - 1);
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }
}
