package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.event.OrchestratorListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shows a task's progress as it runs: a line per step, and on a terminal a status line that redraws every quarter
 * second (iteration, phase, elapsed time, tokens and cost so far). When the output is piped, only the plain lines.
 */
final class ProgressPrinter implements OrchestratorListener, AutoCloseable {
    private final Terminal out;
    private final boolean live;
    private final int columns;
    private final ScheduledExecutorService ticker;
    private final long start = System.nanoTime();

    private volatile String phase = "starting";
    private volatile int iteration;
    private volatile int maxIterations;
    private volatile TaskMetrics metrics = TaskMetrics.ZERO;
    private volatile long phaseStart = System.nanoTime();
    private boolean statusShown;

    ProgressPrinter(Terminal out, boolean live, int columns) {
        this.out = out;
        this.live = live;
        this.columns = columns;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "obra-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public void onEvent(OrchestratorEvent event) {
        if (event instanceof OrchestratorEvent.TaskStarted started) {
            line("task " + event.taskId() + " started in "
                    + started.task().workingDirectory().map(Object::toString).orElse("the agent's directory"));
        } else if (event instanceof OrchestratorEvent.IterationStarted e) {
            iteration = e.iteration();
            maxIterations = e.maxIterations();
            phase("agent working");
            line(prefix() + "agent started" + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : "")
                    + ", session " + e.mode().id()
                    + (e.mode() instanceof SessionMode.Resume ? " resuming the previous conversation" : ""));
        } else if (event instanceof OrchestratorEvent.AgentFinished e) {
            // The stored session times add up to the "agent time" of the metrics: this session's is the step.
            Duration wall = e.metrics().agentTime().minus(metrics.agentTime());
            metrics = e.metrics();
            phase("verifying and judging");
            line(prefix() + "agent " + describe(e.result(), wall) + "; task so far " + totals(e.metrics()));
        } else if (event instanceof OrchestratorEvent.Evaluated e) {
            phase("deciding");
            String verification = e.verification()
                    .map(v -> v.passed()
                            ? "verification passed"
                            : v.timedOut()
                                    ? "verification timed out"
                                    : "verification failed (exit " + v.exitCode() + ")")
                    .orElse("no verification");
            line(prefix() + e.changes().summary() + "; " + verification + "; quality "
                    + String.format(Locale.ROOT, "%.2f", e.quality().score()) + " ("
                    + e.quality().source().name().toLowerCase(Locale.ROOT) + "), confidence "
                    + String.format(Locale.ROOT, "%.2f", e.confidence().value()));
        } else if (event instanceof OrchestratorEvent.Decided e) {
            List<String> lines = e.decision()
                    .reason()
                    .strip()
                    .lines()
                    .filter(l -> !l.isBlank())
                    .collect(Collectors.toList());
            StringBuilder text = new StringBuilder(
                    prefix() + "decision " + e.decision().name() + ": " + (lines.isEmpty() ? "" : clip(lines.get(0))));
            // The end of a multi-line reason (a verification's output) says the most: show its last lines.
            lines.subList(Math.max(1, lines.size() - 3), lines.size())
                    .forEach(l -> text.append("\n      ").append(clip(l.strip())));
            line(text.toString());
        } else if (event instanceof OrchestratorEvent.BreakpointHit e) {
            line(prefix() + "breakpoint " + e.event().breakpoint().name() + ": " + e.resolution());
        } else if (event instanceof OrchestratorEvent.TaskFinished finished) {
            TaskResult r = finished.result();
            metrics = r.metrics();
            phase("finished");
            line("task " + r.status() + " after " + r.iterations().size() + " iteration(s) in "
                    + seconds(System.nanoTime() - start) + ": " + firstLine(r.reason()));
        } else {
            throw new IllegalStateException("unhandled event " + event);
        }
    }

    private void phase(String name) {
        phase = name;
        phaseStart = System.nanoTime();
    }

    private String prefix() {
        return "[" + iteration + "/" + maxIterations + "] ";
    }

    private synchronized void line(String text) {
        clearStatus();
        out.println(text);
        out.flush();
    }

    private synchronized void redraw() {
        if (phase.equals("finished")) {
            clearStatus();
            return;
        }
        String status = String.format(
                Locale.ROOT,
                "  ... iteration %d/%d, %s for %s (task %s, %s)",
                iteration,
                maxIterations,
                phase,
                seconds(System.nanoTime() - phaseStart),
                seconds(System.nanoTime() - start),
                totals(metrics));
        out.control("\r\u001b[2K");
        out.print(Terminal.fit(status, columns));
        out.flush();
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            out.control("\r\u001b[2K");
            statusShown = false;
        }
    }

    /**
     * One line for a finished session. Two clocks exist: ours (the wall time of the whole child process, which is
     * what "agent time" sums) and the CLI's own {@code duration_ms}, which leaves out its start-up; both are named.
     */
    static String describe(AgentResult result, Duration wall) {
        if (result instanceof AgentResult.Failed failed) {
            return "failed after " + Tables.seconds(wall) + ": "
                    + firstLine(String.valueOf(failed.error().getMessage()));
        }
        if (result instanceof AgentResult.Responded responded) {
            AgentResponse r = responded.response();
            return r.outcome().name().toLowerCase(Locale.ROOT) + " in " + Tables.seconds(wall)
                    + " wall clock (the CLI reports " + Tables.seconds(r.duration()) + " of its own), "
                    + Tables.number(r.usage().total()) + " tokens, " + r.numTurns() + " turn(s), $"
                    + r.costUsd().toPlainString()
                    + (r.permissionDenials().isEmpty() ? "" : "; refused " + Tables.refusals(r.permissionDenials()));
        }
        throw new IllegalStateException("unhandled " + result);
    }

    static String totals(TaskMetrics m) {
        return Tables.number(m.totalTokens()) + " tokens, $" + m.costUsd().toPlainString();
    }

    private static String seconds(long nanos) {
        return Tables.seconds(Duration.ofNanos(nanos));
    }

    private static String clip(String line) {
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return clip(nl < 0 ? t : t.substring(0, nl) + " ...");
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearStatus();
        out.flush();
    }
}
