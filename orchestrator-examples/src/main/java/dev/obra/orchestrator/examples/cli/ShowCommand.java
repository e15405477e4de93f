package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code obra show}: one task's iterations, sessions, decisions and breakpoints. */
@Command(
        name = "show",
        description = "Show a task's iterations, sessions, decisions and breakpoints.",
        footer = ExitCodes.HELP)
final class ShowCommand extends TaskCommand {
    @Override
    int call(SessionStore sessions, TaskRecord task) {
        Terminal out = Terminal.stdout();
        out.println("Task " + task.id() + "  " + task.status());
        out.println("  " + task.description().strip().replace("\n", "\n  "));
        out.println(
                "  directory: " + task.workingDirectory().map(Object::toString).orElse("(agent default)"));
        out.println("  started:   " + task.createdAt()
                + task.finishedAt().map(f -> ", ended " + f).orElse(""));
        if (!task.statusReason().isBlank()) {
            out.println("  reason:    " + task.statusReason().strip().replace("\n", "\n             "));
        }
        task.delivery().ifPresent(d -> {
            out.println("  branch:    " + d.branch() + " (from " + d.baseCommit() + ")");
            out.println("  commit:    " + d.commit().orElse(d.isPending() ? "none yet" : "none")
                    + (d.changes().probed() ? "  " + d.changes().summary() : ""));
            d.worktree().ifPresent(w -> out.println("  worktree:  " + w));
            d.failure().ifPresent(f -> out.println("  problem:   " + f.strip().replace("\n", "\n             ")));
        });
        out.println();
        List<IterationRecord> iterations = sessions.iterations(task.id());
        out.println("Iterations");
        if (iterations.isEmpty()) {
            out.println("  none recorded");
        } else {
            Tables table = new Tables("ITER", "ATTEMPTS", "DECISION", "QUALITY", "CONFIDENCE", "VERIFY", "CHANGES");
            for (IterationRecord it : iterations) {
                table.row(
                        it.iteration(),
                        it.attempts(),
                        it.decision().name(),
                        it.quality()
                                .map(q -> String.format(
                                        Locale.ROOT,
                                        "%.2f %s",
                                        q.score(),
                                        q.source().name().toLowerCase(Locale.ROOT)))
                                .orElse("-"),
                        it.confidence()
                                .map(c -> String.format(Locale.ROOT, "%.2f", c.value()))
                                .orElse("-"),
                        it.verification()
                                .map(v -> v.passed() ? "passed" : v.timedOut() ? "timed out" : "exit " + v.exitCode())
                                .orElse("-"),
                        Tables.clip(it.changes().summary(), 60));
            }
            out.print(indent(table.render()));
            out.println();
            out.println("Decisions");
            for (IterationRecord it : iterations) {
                out.println("  " + it.iteration() + ". " + it.decision().name() + ": "
                        + it.decision().reason().strip().replace("\n", "\n     "));
            }
        }
        out.println();
        out.println("Sessions");
        List<SessionRecord> list = sessions.sessions(task.id());
        if (list.isEmpty()) {
            out.println("  none recorded");
        } else {
            Tables table =
                    new Tables("SESSION", "ITER", "ATT", "MODE", "STATUS", "TOKENS", "TURNS", "COST", "TIME", "ERROR");
            for (SessionRecord s : list) {
                table.row(
                        s.sessionId(),
                        s.iteration(),
                        s.attempt(),
                        s.mode().name().toLowerCase(Locale.ROOT),
                        s.status(),
                        Tables.number(s.usage().total()),
                        s.numTurns(),
                        "$" + s.costUsd().toPlainString(),
                        Tables.seconds(s.duration()),
                        s.error()
                                .map(e -> Tables.clip(e.kind() + ": " + e.message(), 60))
                                .orElse(""));
            }
            out.print(indent(table.render()));
            refusals(list, out);
        }
        List<BreakpointRecord> breakpoints = sessions.breakpoints(task.id());
        if (!breakpoints.isEmpty()) {
            out.println();
            out.println("Breakpoints");
            for (BreakpointRecord b : breakpoints) {
                out.println("  after iteration " + b.iteration() + ": " + b.name() + " (" + b.description() + ") -> "
                        + b.resolution());
            }
        }
        out.println();
        out.print(Tables.metrics(TaskMetrics.of(list)));
        return ExitCodes.OK;
    }

    /** Lists each session's refused tool calls, with the option that would allow them. */
    private static void refusals(List<SessionRecord> list, Terminal out) {
        List<SessionRecord> refused =
                list.stream().filter(s -> !s.permissionDenials().isEmpty()).collect(Collectors.toList());
        if (refused.isEmpty()) {
            return;
        }
        out.println();
        out.println("Refused tool calls");
        for (SessionRecord s : refused) {
            out.println("  " + s.sessionId() + " (iteration " + s.iteration() + ", attempt " + s.attempt() + "): "
                    + Tables.refusals(s.permissionDenials()));
        }
        out.println("  allow with: "
                + PermissionDenial.rules(refused.stream()
                                .flatMap(s -> s.permissionDenials().stream())
                                .collect(Collectors.toList()))
                        .stream()
                        .map(r -> "--allow-tool '"
                                + r.replaceAll("\\p{Cntrl}", "").replace("'", "'\\''") + "'")
                        .collect(Collectors.joining(" ")));
    }

    private static String indent(String text) {
        return "  " + text.stripTrailing().replace("\n", "\n  ") + "\n";
    }
}
