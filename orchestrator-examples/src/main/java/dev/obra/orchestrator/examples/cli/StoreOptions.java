package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The {@code --db} option: where tasks are recorded. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "FILE",
            description = "SQLite file that records tasks (default: $OBRA_DB, else ~/.obra/obra.db).")
    Path db;

    /** Returns the file to use, given the command's own default when it has one. */
    Path file(Path commandDefault) {
        if (db != null) {
            return db.toAbsolutePath();
        }
        if (commandDefault != null) {
            return commandDefault.toAbsolutePath();
        }
        String env = System.getenv("OBRA_DB");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".obra", "obra.db");
    }

    /** Opens the store for writing, creating the file when it is missing. */
    static SessionStore open(Path file) {
        return JooqSessionStore.sqlite(file);
    }

    /** Opens an existing store for reading; a missing file is a usage error rather than a new empty store. */
    static SessionStore openExisting(Path file) {
        if (!Files.exists(file)) {
            throw new CliException(ExitCodes.USAGE, "no store at " + file + " (run a task first, or pass --db FILE)");
        }
        return JooqSessionStore.sqlite(file);
    }

    /** Finds a task by its id or by a unique prefix of at least four characters. */
    static TaskRecord findTask(SessionStore store, String id, Path file) {
        if (id.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "a task id must not be blank");
        }
        var exact = store.findTask(TaskId.of(id));
        if (exact.isPresent()) {
            return exact.get();
        }
        List<TaskRecord> matches = id.length() < 4 ? List.of()
                : store.listTasks(TaskQuery.all()).stream().map(s -> s.task())
                        .filter(t -> t.id().value().startsWith(id)).collect(Collectors.toList());
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new CliException(ExitCodes.USAGE, "task id '" + id + "' is ambiguous in " + file + ": "
                    + matches.stream().map(t -> t.id().value()).collect(Collectors.joining(", ")));
        }
        throw new CliException(ExitCodes.USAGE, "no task '" + id + "' in " + file + " (see: obra tasks)");
    }
}
