// Shows: several tasks at once on one repository with submit() on a pool of maxConcurrentTasks threads, each in a
// git worktree and branch of its own (Workspace.gitWorktree()), delivered as one commit per task, and a listener
// that prints progress as events arrive from every task.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import dev.obra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Parallel tasks on one repository, each in its own worktree. Argument: how many tasks (optional, default 3). */
public final class ParallelTasks {
    private ParallelTasks() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        DemoProject project =
                DemoProject.create(Files.createTempDirectory("obra-parallel-").resolve("calc"));
        if (!project.isGitRepository()) {
            System.err.println("this example needs git on PATH: every task gets a worktree of one repository");
            System.exit(1);
        }
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(new DemoAgent())
                .maxConcurrentTasks(count)
                .workspace(Workspace.gitWorktree().build())
                .listener(ParallelTasks::print)
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                handles.add(orchestrator.submit(project.task()));
            }
            for (TaskHandle handle : handles) {
                TaskResult result = handle.result().get();
                System.out.println("done " + shortId(handle) + ": " + result.status() + " after "
                        + result.iterations().size() + " iteration(s)"
                        + result.delivery()
                                .map(d -> ", branch " + d.branch()
                                        + d.commit()
                                                .map(c -> " at " + c.substring(0, 10))
                                                .orElse(" (no commit)"))
                                .orElse(""));
            }
        }
        System.out.println("the repository " + project.directory() + " is untouched; review the branches with "
                + "git -C " + project.directory() + " log --all --oneline");
    }

    private static void print(OrchestratorEvent event) {
        String id = event.taskId().value().substring(0, 8);
        if (event instanceof OrchestratorEvent.IterationStarted started) {
            System.out.println(id + " iteration " + started.iteration() + " started");
        } else if (event instanceof OrchestratorEvent.Decided decided) {
            System.out.println(id + " decided " + decided.decision().name());
        }
    }

    private static String shortId(TaskHandle handle) {
        return handle.taskId().value().substring(0, 8);
    }
}
