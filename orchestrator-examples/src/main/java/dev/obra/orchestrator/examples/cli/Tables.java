package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.agent.PermissionDenial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain text tables for the terminal. */
final class Tables {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    Tables(String... header) {
        this.header = header;
    }

    Tables row(Object... cells) {
        String[] row = new String[header.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length ? String.valueOf(cells[i]).replace('\n', ' ') : "";
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (String[] row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** The metrics of one task as a two-column table. */
    static String metrics(TaskMetrics m) {
        return new Tables("METRIC", "VALUE")
                .row("iterations", m.iterations())
                .row("agent sessions", m.sessions())
                .row("input tokens", number(m.inputTokens()))
                .row("output tokens", number(m.outputTokens()))
                .row("cache write tokens", number(m.cacheCreationTokens()))
                .row("cache read tokens", number(m.cacheReadTokens()))
                .row("total tokens", number(m.totalTokens()))
                .row("turns", m.turns())
                .row("cost (USD)", m.costUsd().toPlainString())
                .row("agent time (wall clock)", seconds(m.agentTime()))
                .row("avg tokens/iteration", String.format(Locale.ROOT, "%,.1f", m.avgTokensPerIteration()))
                .render();
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    static String clip(String text, int max) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    /**
     * Returns the refused calls as one terminal-safe line, each rule once with its count: the rules hold commands the
     * agent wrote, so control sequences are dropped whole ({@link Terminal#clean(String)}) before the line is clipped,
     * and the clip neither counts them nor cuts one in two.
     */
    static String refusals(List<PermissionDenial> denials) {
        return clip(Terminal.clean(PermissionDenial.describe(denials)), 160);
    }
}
