// Shows: recording tasks in a SQLite file with JooqSessionStore, and reading them back later (from another process,
// another day): the task list, one task's sessions, and its metrics summed by one SQL query.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskSummary;
import java.nio.file.Files;
import java.nio.file.Path;

/** Persistent tasks on SQLite. Arguments: the database file and a directory for the demo project (optional). */
public final class PersistentTasks {
    private PersistentTasks() {}

    public static void main(String[] args) throws Exception {
        Path db = args.length > 0 ? Path.of(args[0]) : Path.of("obra-example.db");
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("obra-persistent-");
        DemoProject project = DemoProject.create(dir);

        TaskResult result;
        try (JooqSessionStore store = JooqSessionStore.sqlite(db);
                Orchestrator orchestrator = Orchestrator.builder()
                        .agent(new DemoAgent())
                        .sessionStore(store)
                        .build()) {
            result = orchestrator.run(project.task());
        }
        System.out.println("ran task " + result.taskId() + ": " + result.status());

        // Later, perhaps in another process: open the same file and read what was recorded.
        try (JooqSessionStore store = JooqSessionStore.sqlite(db)) {
            for (TaskSummary t : store.listTasks(TaskQuery.all().withLimit(5))) {
                System.out.println("task " + t.task().id() + " " + t.task().status() + " "
                        + t.metrics().totalTokens() + " tokens");
            }
            for (SessionRecord s : store.sessions(result.taskId())) {
                System.out.println("  session " + s.sessionId() + " iteration " + s.iteration() + " " + s.status());
            }
            TaskMetrics metrics = store.taskMetrics(result.taskId());
            System.out.println("metrics: " + metrics.iterations() + " iterations, " + metrics.sessions() + " sessions, "
                    + metrics.totalTokens() + " tokens, $" + metrics.costUsd().toPlainString());
            System.out.println("same as the result's: " + metrics.equals(result.metrics()));
        }
    }
}
