package dev.obra.orchestrator.examples.report;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A task's timeline as one self-contained HTML page: no scripts, no fonts, nothing fetched. The page is well-formed
 * XML (XHTML5), so other tools can parse it. The chart is inline SVG.
 */
public final class HtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final TaskRecord task;
    private final List<IterationRecord> iterations;
    private final List<SessionRecord> sessions;
    private final List<BreakpointRecord> breakpoints;
    private final TaskMetrics metrics;
    private final Optional<GitDiff.Result> diff;

    /** The most lines of a task's diff the page shows. */
    public static final int MAX_DIFF_LINES = 2_000;

    private HtmlReport(
            TaskRecord task,
            List<IterationRecord> iterations,
            List<SessionRecord> sessions,
            List<BreakpointRecord> breakpoints,
            TaskMetrics metrics,
            Optional<GitDiff.Result> diff) {
        this.diff = diff;
        this.task = task;
        this.iterations = iterations;
        this.sessions = sessions;
        this.breakpoints = breakpoints;
        this.metrics = metrics;
    }

    /**
     * Reads everything about {@code id} from {@code store}.
     *
     * @throws IllegalArgumentException when the store has no such task
     */
    public static HtmlReport of(SessionStore store, TaskId id) {
        return of(store, id, Optional.empty());
    }

    /**
     * Reads everything about {@code id} from {@code store}; the page shows {@code diff} as the task's diff.
     *
     * @param store the store the task was recorded in
     * @param id the task
     * @param diff the task's diff, if one was taken
     * @return the report
     * @throws IllegalArgumentException when the store has no such task
     */
    public static HtmlReport of(SessionStore store, TaskId id, Optional<GitDiff.Result> diff) {
        requireNonNull(store, "store");
        requireNonNull(diff, "diff");
        TaskRecord task = store.findTask(requireNonNull(id, "id"))
                .orElseThrow(() -> new IllegalArgumentException("no task " + id + " in the store"));
        return of(store, task, diff);
    }

    /**
     * Reads the rest of {@code task}'s rows (iterations, sessions, breakpoints) from {@code store}; the page shows
     * {@code diff} as the task's diff.
     *
     * @param store the store the task was recorded in
     * @param task the task, as already read from {@code store}
     * @param diff the task's diff, if one was taken
     * @return the report
     */
    public static HtmlReport of(SessionStore store, TaskRecord task, Optional<GitDiff.Result> diff) {
        requireNonNull(store, "store");
        requireNonNull(task, "task");
        requireNonNull(diff, "diff");
        TaskId id = task.id();
        List<SessionRecord> sessions = store.sessions(id);
        // The same sums the store's aggregate query gives, from the rows already read.
        return new HtmlReport(
                task, store.iterations(id), sessions, store.breakpoints(id), TaskMetrics.of(sessions), diff);
    }

    /** Returns the page. */
    public String render() {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>Obra task ")
                .append(esc(task.id().value()))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Task <code>").append(esc(task.id().value())).append("</code></h1>\n");
        h.append("<p class=\"description\">").append(esc(task.description())).append("</p>\n");
        h.append("<table class=\"facts\">\n");
        row(
                h,
                "Status",
                "<span class=\"status status-" + task.status().name().toLowerCase(Locale.ROOT) + "\">" + task.status()
                        + "</span>");
        row(h, "Why", esc(task.statusReason()));
        row(
                h,
                "Working directory",
                esc(task.workingDirectory().map(Object::toString).orElse("(agent default)")));
        row(h, "Started", esc(TIME.format(task.createdAt())));
        row(h, "Finished", esc(task.finishedAt().map(TIME::format).orElse("still running")));
        row(
                h,
                "Final decision",
                esc(task.finalDecision().map(d -> d.name() + ": " + d.reason()).orElse("none")));
        h.append("</table>\n");

        task.delivery().ifPresent(d -> delivery(h, d));

        h.append("<h2>Metrics</h2>\n<table class=\"metrics\">\n");
        row(h, "Iterations", Integer.toString(metrics.iterations()));
        row(h, "Agent sessions", Integer.toString(metrics.sessions()));
        row(
                h,
                "Tokens",
                String.format(
                        Locale.ROOT,
                        "%,d (input %,d, output %,d, cache write %,d, cache read %,d)",
                        metrics.totalTokens(),
                        metrics.inputTokens(),
                        metrics.outputTokens(),
                        metrics.cacheCreationTokens(),
                        metrics.cacheReadTokens()));
        row(h, "Turns", Long.toString(metrics.turns()));
        row(h, "Cost", "$" + metrics.costUsd().toPlainString());
        row(h, "Agent time", duration(metrics.agentTime()));
        row(h, "Average tokens per iteration", String.format(Locale.ROOT, "%,.0f", metrics.avgTokensPerIteration()));
        h.append("</table>\n");

        h.append("<h2>Tokens and cost per iteration</h2>\n");
        chart(h);

        h.append("<h2>Iterations</h2>\n");
        for (IterationRecord it : iterations) {
            iteration(h, it);
        }
        if (iterations.isEmpty()) {
            h.append("<p>No iteration was recorded.</p>\n");
        }

        h.append("<h2>Sessions</h2>\n<table class=\"sessions\">\n<thead><tr><th>Iteration</th><th>Attempt</th>"
                + "<th>Session</th><th>Mode</th><th>Status</th><th>Tokens</th><th>Turns</th><th>Cost</th>"
                + "<th>Duration</th><th>Error</th><th>Refused tools</th></tr></thead>\n<tbody>\n");
        for (SessionRecord s : sessions) {
            h.append("<tr class=\"session\"><td>")
                    .append(s.iteration())
                    .append("</td><td>")
                    .append(s.attempt())
                    .append("</td><td><code>")
                    .append(esc(s.sessionId().value()))
                    .append("</code></td><td>")
                    .append(s.mode())
                    .append(s.parentSessionId()
                            .map(p -> " of <code>" + esc(p.value()) + "</code>")
                            .orElse(""))
                    .append("</td><td>")
                    .append(s.status())
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", s.usage().total()))
                    .append("</td><td>")
                    .append(s.numTurns())
                    .append("</td><td>$")
                    .append(s.costUsd().toPlainString())
                    .append("</td><td>")
                    .append(duration(s.duration()))
                    .append("</td><td>")
                    .append(esc(
                            s.error().map(e -> e.kind() + ": " + e.message()).orElse("")))
                    .append("</td><td>")
                    .append(esc(PermissionDenial.describe(s.permissionDenials())))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        if (!breakpoints.isEmpty()) {
            h.append("<h2>Breakpoints</h2>\n<table class=\"breakpoints\">\n<thead><tr><th>After iteration</th>"
                    + "<th>Breakpoint</th><th>Resolution</th><th>At</th></tr></thead>\n<tbody>\n");
            for (BreakpointRecord b : breakpoints) {
                h.append("<tr><td>")
                        .append(b.iteration())
                        .append("</td><td>")
                        .append(esc(b.name()))
                        .append(": ")
                        .append(esc(b.description()))
                        .append("</td><td>")
                        .append(esc(resolution(b.resolution())))
                        .append("</td><td>")
                        .append(esc(TIME.format(b.occurredAt())))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("<footer>Generated by Obra for Java. This page loads nothing from the network.</footer>\n");
        return h.append("</body>\n</html>\n").toString();
    }

    private void iteration(StringBuilder h, IterationRecord it) {
        h.append("<section class=\"iteration\" id=\"iteration-")
                .append(it.iteration())
                .append("\">\n<h3>Iteration ")
                .append(it.iteration())
                .append(it.attempts() > 1 ? " (" + it.attempts() + " attempts)" : "")
                .append("</h3>\n<table>\n");
        row(
                h,
                "Decision",
                "<strong>" + it.decision().name() + "</strong> "
                        + esc(it.decision().reason()).replace("\n", "<br/>"));
        row(h, "Quality", it.quality().map(HtmlReport::quality).orElse("not evaluated"));
        row(h, "Confidence", it.confidence().map(HtmlReport::confidence).orElse("not evaluated"));
        row(h, "Changes", esc(it.changes().summary()));
        row(h, "Verification", it.verification().map(HtmlReport::verification).orElse("none"));
        row(h, "Session", "<code>" + esc(it.sessionId().value()) + "</code>");
        row(h, "Agent's answer", "<pre>" + esc(clip(it.response(), 4_000)) + "</pre>");
        h.append("</table>\n</section>\n");
    }

    private static String quality(QualityScore q) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%.2f", q.score()))
                .append(" (")
                .append(q.source().name().toLowerCase(Locale.ROOT))
                .append(") ")
                .append(esc(q.summary()));
        q.fallbackReason()
                .ifPresent(r ->
                        s.append("<br/><em>heuristic because ").append(esc(r)).append("</em>"));
        if (!q.issues().isEmpty()) {
            s.append("<ul>");
            q.issues().forEach(i -> s.append("<li>").append(esc(i)).append("</li>"));
            s.append("</ul>");
        }
        if (q.judge().calls() > 0) {
            s.append(String.format(
                    Locale.ROOT,
                    "<br/>judge: %d call(s), %s, %,d prompt + %,d completion tokens",
                    q.judge().calls(),
                    duration(q.judge().duration()),
                    q.judge().promptTokens(),
                    q.judge().completionTokens()));
        }
        return s.toString();
    }

    private static String confidence(Confidence c) {
        return String.format(
                Locale.ROOT, "%.2f (agreement %.2f, evidence %.2f)", c.value(), c.agreement(), c.evidence());
    }

    private static String verification(VerificationResult v) {
        return "<code>" + esc(String.join(" ", v.command())) + "</code> "
                + (v.timedOut() ? "timed out" : v.passed() ? "passed" : "failed with exit code " + v.exitCode())
                + " in " + duration(v.duration())
                + (v.outputTail().isBlank() ? "" : "<pre>" + esc(clip(v.outputTail(), 4_000)) + "</pre>");
    }

    /** Bars of tokens per iteration, with the cost of each iteration as a line of dots. */
    private void chart(StringBuilder h) {
        Map<Integer, long[]> tokens = new TreeMap<>();
        Map<Integer, BigDecimal> cost = new TreeMap<>();
        for (SessionRecord s : sessions) {
            tokens.computeIfAbsent(s.iteration(), i -> new long[1])[0] +=
                    s.usage().total();
            cost.merge(s.iteration(), s.costUsd(), BigDecimal::add);
        }
        int n = Math.max(1, tokens.size());
        int width = Math.max(480, 100 + 70 * n);
        int height = 240;
        int plotTop = 30;
        int plotBottom = 190;
        long maxTokens =
                Math.max(1, tokens.values().stream().mapToLong(t -> t[0]).max().orElse(1));
        BigDecimal maxCost = cost.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"tokens and cost per iteration\">\n");
        h.append("<line x1=\"50\" y1=\"")
                .append(plotBottom)
                .append("\" x2=\"")
                .append(width - 10)
                .append("\" y2=\"")
                .append(plotBottom)
                .append("\" stroke=\"#888\"/>\n");
        h.append("<text x=\"4\" y=\"16\" class=\"axis\">tokens (max ")
                .append(String.format(Locale.ROOT, "%,d", maxTokens))
                .append(")</text>\n");
        h.append("<text x=\"")
                .append(width - 6)
                .append("\" y=\"16\" text-anchor=\"end\" class=\"axis cost-label\">")
                .append(
                        maxCost.signum() == 0
                                ? "cost: $0 (nothing billed)"
                                : "cost (max $" + maxCost.stripTrailingZeros().toPlainString() + ")")
                .append("</text>\n");
        int i = 0;
        String previous = null;
        for (Map.Entry<Integer, long[]> e : tokens.entrySet()) {
            int x = 60 + 70 * i;
            long value = e.getValue()[0];
            int barHeight = (int) Math.round((plotBottom - plotTop) * (double) value / maxTokens);
            h.append("<rect class=\"bar\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(plotBottom - barHeight)
                    .append("\" width=\"40\" height=\"")
                    .append(barHeight)
                    .append("\"><title>iteration ")
                    .append(e.getKey())
                    .append(": ")
                    .append(String.format(Locale.ROOT, "%,d", value))
                    .append(" tokens</title></rect>\n");
            h.append("<text x=\"")
                    .append(x + 20)
                    .append("\" y=\"")
                    .append(plotBottom - barHeight - 4)
                    .append("\" text-anchor=\"middle\" class=\"axis\">")
                    .append(String.format(Locale.ROOT, "%,d", value))
                    .append("</text>\n");
            BigDecimal c = cost.get(e.getKey());
            int cy = maxCost.signum() == 0
                    ? plotBottom
                    : plotBottom - (int) Math.round((plotBottom - plotTop) * c.doubleValue() / maxCost.doubleValue());
            String point = (x + 20) + "," + cy;
            if (previous != null) {
                h.append("<polyline class=\"cost\" points=\"")
                        .append(previous)
                        .append(' ')
                        .append(point)
                        .append("\"/>\n");
            }
            h.append("<circle class=\"cost\" cx=\"")
                    .append(x + 20)
                    .append("\" cy=\"")
                    .append(cy)
                    .append("\" r=\"4\"><title>iteration ")
                    .append(e.getKey())
                    .append(": $")
                    .append(c.toPlainString())
                    .append("</title></circle>\n");
            h.append("<text x=\"")
                    .append(x + 20)
                    .append("\" y=\"")
                    .append(plotBottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"axis\">")
                    .append(e.getKey())
                    .append("</text>\n");
            previous = point;
            i++;
        }
        h.append("<text x=\"4\" y=\"")
                .append(height - 8)
                .append("\" class=\"axis\">iteration · bars: tokens · " + "dots: cost</text>\n");
        h.append("</svg>\n");
    }

    private static String resolution(Resolution r) {
        if (r instanceof Resolution.Stop stop) {
            return "stop: " + stop.reason();
        }
        if (r instanceof Resolution.Continue continued) {
            return "continue"
                    + continued.guidance().map(g -> " with guidance: " + g).orElse("");
        }
        throw new IllegalStateException("unhandled " + r);
    }

    /** The diff's text; empty when there was nothing to ask git. */
    private static String text(GitDiff.Result result) {
        if (result instanceof GitDiff.Result.Diff diff) {
            return diff.text();
        }
        if (result instanceof GitDiff.Result.NothingCommitted || result instanceof GitDiff.Result.WorktreeGone) {
            return "";
        }
        throw new IllegalStateException("unhandled " + result);
    }

    private static void row(StringBuilder h, String name, String html) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000
                ? ms + " ms"
                : String.format(
                        Locale.ROOT, "%.1f s", d.truncatedTo(ChronoUnit.MILLIS).toMillis() / 1000.0);
    }

    private void delivery(StringBuilder h, Delivery d) {
        h.append("<h2>Delivery</h2>\n<table class=\"delivery\">\n");
        row(h, "Branch", "<code>" + esc(d.branch()) + "</code>");
        row(h, "Base commit", "<code>" + esc(d.baseCommit()) + "</code>");
        row(
                h,
                "Commit",
                d.commit()
                        .map(c -> "<code>" + esc(c) + "</code>")
                        .orElse(
                                d.isPending()
                                        ? "none yet: the task has not delivered"
                                        : "none: nothing was committed"));
        row(h, "Changes", esc(d.changes().summary()));
        d.worktree().ifPresent(w -> row(h, "Worktree", "<code>" + esc(w.toString()) + "</code> (kept)"));
        d.failure().ifPresent(f -> row(h, "Problem", esc(f)));
        h.append("</table>\n");
        diff.ifPresent(result -> {
            if (result instanceof GitDiff.Result.Problem problem) {
                h.append("<p class=\"note\">No diff: ")
                        .append(esc(problem.reason()))
                        .append("</p>\n");
                return;
            }
            String text = text(result);
            if (text.isEmpty()) {
                h.append("<p class=\"note\">The diff is empty.</p>\n");
                return;
            }
            List<String> lines = text.lines().collect(Collectors.toList());
            h.append("<pre class=\"diff\">");
            for (String line : lines.subList(0, Math.min(lines.size(), MAX_DIFF_LINES))) {
                String kind = line.startsWith("+++")
                                || line.startsWith("---")
                                || line.startsWith("diff ")
                                || line.startsWith("index ")
                        ? "meta"
                        : line.startsWith("@@")
                                ? "hunk"
                                : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "ctx";
                h.append("<span class=\"")
                        .append(kind)
                        .append("\">")
                        .append(esc(line))
                        .append("</span>\n");
            }
            h.append("</pre>\n");
            if (lines.size() > MAX_DIFF_LINES) {
                h.append("<p class=\"note\">The diff is clipped: ")
                        .append(MAX_DIFF_LINES)
                        .append(" of ")
                        .append(lines.size())
                        .append(" lines shown; <code>obra diff ")
                        .append(esc(task.id().value()))
                        .append("</code> prints all of it.</p>\n");
            }
        });
    }

    /** Keeps the first {@code max} characters, never splitting a surrogate pair, and says how much was left out. */
    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 1)) && Character.isLowSurrogate(text.charAt(max))
                ? max - 1
                : max;
        return text.substring(0, cut) + "\n[... " + text.codePointCount(cut, text.length()) + " more]";
    }

    /**
     * Escapes text for HTML and XML. What XML 1.0 cannot hold is taken out: C0 controls other than tab, newline and
     * carriage return are dropped; unpaired surrogates, U+FFFE and U+FFFF become U+FFFD, so that the page can be
     * written as UTF-8 and still parses.
     */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}"
            + "code,pre{font-family:ui-monospace,monospace;font-size:90%}pre{background:#f6f6f6;padding:.5em;"
            + "white-space:pre-wrap;max-height:20em;overflow:auto}table{border-collapse:collapse;margin:.5em 0}"
            + "th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}"
            + "th{background:#fafafa}.status{font-weight:bold}.status-completed{color:#1a7f37}"
            + ".status-failed,.status-escalated,.status-budget_exceeded{color:#b3261e}"
            + "section.iteration{border-left:3px solid #ccc;padding-left:1em;margin:1em 0}"
            + ".chart .bar{fill:#6a8fd8}.chart circle.cost{fill:#d8862a}.chart polyline.cost{fill:none;stroke:#d8862a;stroke-width:2}"
            + ".chart .axis{font-size:11px;fill:#555}footer{margin-top:3em;color:#777;font-size:85%}"
            + "pre.diff{max-height:40em;white-space:pre}pre.diff span{display:block}pre.diff .add{background:#e6ffec;"
            + "color:#116329}pre.diff .del{background:#ffebe9;color:#82071e}pre.diff .hunk{color:#0550ae}"
            + "pre.diff .meta{font-weight:bold}p.note{color:#555;font-style:italic}\n";
}
