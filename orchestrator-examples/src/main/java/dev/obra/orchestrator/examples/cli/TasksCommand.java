package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code obra tasks}: the recorded tasks, newest first. */
@Command(
        name = "tasks",
        description = "List recorded tasks with status, iterations, tokens and cost.",
        footer = ExitCodes.HELP)
final class TasksCommand implements Callable<Integer> {
    @Option(
            names = "--status",
            paramLabel = "S",
            converter = Statuses.class,
            description = "Only tasks with this status (completed, failed, escalated, ...).")
    TaskStatus status;

    @Option(
            names = "--since",
            paramLabel = "T",
            converter = Since.class,
            description = "Only tasks started since T: an instant (2026-11-23T10:00:00Z), a date (2026-11-23) or "
                    + "an age (2h, 3d).")
    Instant since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N tasks (default 50).")
    int limit = 50;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CliException(ExitCodes.USAGE, "--limit must be >= 1, was " + limit);
        }
        StoreOptions.Location file = store.location(null);
        try (SessionStore sessions = StoreOptions.openExisting(file)) {
            TaskQuery query = TaskQuery.all().withLimit(limit);
            if (status != null) {
                query = query.withStatus(status);
            }
            if (since != null) {
                query = query.since(since);
            }
            List<TaskSummary> tasks = sessions.listTasks(query);
            if (tasks.isEmpty()) {
                Terminal.stdout()
                        .println("no tasks" + (status != null || since != null ? " match" : "") + " in " + file);
                return ExitCodes.OK;
            }
            boolean delivered = tasks.stream().anyMatch(t -> t.task().delivery().isPresent());
            Tables table = delivered
                    ? new Tables(
                            "TASK",
                            "STATUS",
                            "STARTED",
                            "ITER",
                            "SESSIONS",
                            "TOKENS",
                            "COST",
                            "BRANCH",
                            "COMMIT",
                            "DESCRIPTION")
                    : new Tables("TASK", "STATUS", "STARTED", "ITER", "SESSIONS", "TOKENS", "COST", "DESCRIPTION");
            for (TaskSummary t : tasks) {
                List<Object> cells = new ArrayList<>(List.of(
                        t.task().id(),
                        t.task().status(),
                        t.task().createdAt().truncatedTo(ChronoUnit.SECONDS),
                        t.metrics().iterations(),
                        t.metrics().sessions(),
                        Tables.number(t.metrics().totalTokens()),
                        "$" + t.metrics().costUsd().toPlainString()));
                if (delivered) {
                    cells.add(t.task()
                            .delivery()
                            .map(d -> Tables.clip(d.branch(), 64))
                            .orElse("-"));
                    cells.add(t.task()
                            .delivery()
                            .flatMap(d -> d.commit())
                            .map(c -> c.substring(0, 10))
                            .orElse("-"));
                }
                cells.add(Tables.clip(t.task().description(), 50));
                table.row(cells.toArray());
            }
            Terminal.stdout().print(table.render());
            return ExitCodes.OK;
        }
    }

    /** Reads a status case-insensitively. */
    static final class Statuses implements ITypeConverter<TaskStatus> {
        @Override
        public TaskStatus convert(String value) {
            try {
                return TaskStatus.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a status; use one of "
                        + Arrays.toString(TaskStatus.values()).toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Reads an instant, a date (UTC midnight) or an age before now. */
    static final class Since implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.strip();
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    try {
                        Duration age = Durations.parse(v);
                        return Instant.now().minus(age);
                    } catch (TypeConversionException notAge) {
                        throw new TypeConversionException("'" + value + "' is not a time; write an instant "
                                + "(2026-11-23T10:00:00Z), a date (2026-11-23) or an age (2h, 3d)");
                    }
                }
            }
        }
    }
}
