// Shows: several tasks at once with submit() on a pool of maxConcurrentTasks threads, each agent in its own working
// directory, and a listener that prints progress as events arrive from every task.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Parallel tasks with a progress listener. Argument: how many tasks (optional, default 3). */
public final class ParallelTasks {
    private ParallelTasks() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(new DemoAgent())
                .maxConcurrentTasks(count)
                .listener(ParallelTasks::print)
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                DemoProject project = DemoProject.create(Files.createTempDirectory("obra-parallel-" + i + "-"));
                handles.add(orchestrator.submit(project.task()));
            }
            for (TaskHandle handle : handles) {
                TaskResult result = handle.result().get();
                System.out.println("done " + shortId(handle) + ": " + result.status() + " after "
                        + result.iterations().size() + " iteration(s)");
            }
        }
    }

    private static void print(OrchestratorEvent event) {
        String id = event.taskId().value().substring(0, 8);
        if (event instanceof OrchestratorEvent.IterationStarted) {
            System.out.println(id + " iteration " + ((OrchestratorEvent.IterationStarted) event).iteration()
                    + " started");
        } else if (event instanceof OrchestratorEvent.Decided) {
            System.out.println(id + " decided " + ((OrchestratorEvent.Decided) event).decision().name());
        }
    }

    private static String shortId(TaskHandle handle) {
        return handle.taskId().value().substring(0, 8);
    }
}
