package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/** The {@code --db} option: where tasks are recorded. */
final class StoreOptions {
    @Option(
            names = "--db",
            paramLabel = "FILE|URL",
            description = "SQLite file that records tasks (default: $OBRA_DB, else ~/.obra/obra.db), or a "
                    + "jdbc:postgresql: or jdbc:h2: URL.")
    String db;

    /** Where the store is: a SQLite file, or the JDBC URL of an H2 or PostgreSQL database. */
    sealed interface Location {
        /** Returns how to name the store to the user: the file, or the URL without credentials. */
        String shown();

        /** A SQLite file. */
        record File(Path path) implements Location {
            @Override
            public String shown() {
                return path.toString();
            }

            @Override
            public String toString() {
                return shown();
            }
        }

        /** The JDBC URL of an H2 or PostgreSQL database; it may carry a password, so it is never shown as it is. */
        record Url(String url) implements Location {
            @Override
            public String shown() {
                return JooqSessionStore.redact(url);
            }

            @Override
            public String toString() {
                return shown();
            }
        }
    }

    /** Returns the store to use, given the command's own default file when it has one. */
    Location location(Path commandDefault) {
        if (db != null) {
            return parse(db);
        }
        if (commandDefault != null) {
            return new Location.File(commandDefault.toAbsolutePath());
        }
        String env = System.getenv("OBRA_DB");
        return env != null && !env.isBlank()
                ? parse(env)
                : new Location.File(Path.of(System.getProperty("user.home"), ".obra", "obra.db"));
    }

    private static Location parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return new Location.File(
                    Path.of(value.substring("jdbc:sqlite:".length())).toAbsolutePath());
        }
        if (lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:h2:")) {
            return new Location.Url(value);
        }
        if (lower.startsWith("jdbc:")) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--db " + JooqSessionStore.redact(value) + ": the store runs "
                            + "on SQLite (a file), PostgreSQL (jdbc:postgresql:) and H2 (jdbc:h2:) only");
        }
        return new Location.File(Path.of(value).toAbsolutePath());
    }

    /** Opens the store for writing, creating it when it is missing. */
    static JooqSessionStore open(Location location) {
        if (location instanceof Location.File file) {
            return JooqSessionStore.sqlite(file.path());
        }
        if (location instanceof Location.Url url) {
            return openUrl(url);
        }
        throw new IllegalStateException("unhandled " + location);
    }

    /** Opens an existing store for reading; a missing file is a usage error rather than a new empty store. */
    static SessionStore openExisting(Location location) {
        if (location instanceof Location.File file && !Files.exists(file.path())) {
            throw new CliException(
                    ExitCodes.USAGE, "no store at " + file.shown() + " (run a task first, or pass --db FILE)");
        }
        return open(location);
    }

    private static JooqSessionStore openUrl(Location.Url location) {
        String url = location.url();
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return JooqSessionStore.h2(url);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(url);
        } catch (IllegalArgumentException e) {
            // pgjdbc's message quotes the URL, password and all: name it redacted, and leave the cause out.
            throw new CliException(
                    ExitCodes.USAGE,
                    "--db " + location.shown() + " is not a PostgreSQL URL that "
                            + "the driver understands (jdbc:postgresql://host:port/database?user=...&password=...)");
        }
        return JooqSessionStore.postgres(dataSource);
    }

    /** Finds a task by its id or by a unique prefix of at least four characters. */
    static TaskRecord findTask(SessionStore store, String id, Location location) {
        if (id.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "a task id must not be blank");
        }
        var exact = store.findTask(TaskId.of(id));
        if (exact.isPresent()) {
            return exact.get();
        }
        List<TaskRecord> matches = id.length() < 4
                ? List.of()
                : store.listTasks(TaskQuery.all()).stream()
                        .map(s -> s.task())
                        .filter(t -> t.id().value().startsWith(id))
                        .collect(Collectors.toList());
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "task id '" + id + "' is ambiguous in " + location.shown() + ": "
                            + matches.stream().map(t -> t.id().value()).collect(Collectors.joining(", ")));
        }
        throw new CliException(ExitCodes.USAGE, "no task '" + id + "' in " + location.shown() + " (see: obra tasks)");
    }
}
