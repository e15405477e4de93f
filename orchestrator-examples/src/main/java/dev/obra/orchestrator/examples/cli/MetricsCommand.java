package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code obra metrics}: a task's metrics, summed by the store; {@code --json} for scripts. */
@Command(
        name = "metrics",
        description = "Print a task's metrics (tokens, turns, cost, agent time).",
        footer = ExitCodes.HELP)
final class MetricsCommand extends TaskCommand {
    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    int call(SessionStore sessions, TaskRecord task) {
        TaskMetrics m = sessions.taskMetrics(task.id());
        if (json) {
            Terminal.stdout().println(json(task, m));
        } else {
            Terminal.stdout().println("Task " + task.id() + "  " + task.status());
            Terminal.stdout().print(Tables.metrics(m));
        }
        return ExitCodes.OK;
    }

    /** The metrics as one JSON object; the cost is an exact decimal number. */
    static String json(TaskRecord task, TaskMetrics m) {
        return String.format(
                Locale.ROOT,
                "{\"taskId\":\"%s\",\"status\":\"%s\",\"iterations\":%d,\"sessions\":%d,"
                        + "\"inputTokens\":%d,\"outputTokens\":%d,\"cacheCreationTokens\":%d,\"cacheReadTokens\":%d,"
                        + "\"totalTokens\":%d,\"turns\":%d,\"costUsd\":%s,\"agentTimeMs\":%d,"
                        + "\"avgTokensPerIteration\":%s}",
                escape(task.id().value()),
                task.status(),
                m.iterations(),
                m.sessions(),
                m.inputTokens(),
                m.outputTokens(),
                m.cacheCreationTokens(),
                m.cacheReadTokens(),
                m.totalTokens(),
                m.turns(),
                m.costUsd().toPlainString(),
                m.agentTime().toMillis(),
                Double.toString(m.avgTokensPerIteration()));
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
