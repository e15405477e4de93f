package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tasks of one iteration each in their own git worktree, for the tests of worktree delivery. */
public final class WorktreeTasks {
    private WorktreeTasks() {}

    /**
     * Returns a builder for an orchestrator of {@code agent} that runs up to {@code atOnce} tasks at once, each of
     * one iteration in its own git worktree.
     *
     * @param agent the agent
     * @param atOnce the most tasks at once
     * @return the builder
     */
    public static Orchestrator.Builder orchestrator(Agent agent, int atOnce) {
        return Orchestrator.builder()
                .agent(agent)
                .maxIterations(1)
                .maxConcurrentTasks(atOnce)
                .workspace(Workspace.gitWorktree().build());
    }

    /**
     * Submits to the orchestrator {@code builder} builds one task a word at once, {@code "Write <word> into
     * <file>\nEDIT: <word>"}, waits at most {@code wait} for each and closes the orchestrator.
     *
     * @param builder the orchestrator's builder
     * @param words the words, one task each
     * @param file the file each task names
     * @param wait how long to wait for each task's result
     * @return the results, in the order of the words
     * @throws Exception when a task fails to finish in time or the wait is interrupted
     */
    public static List<TaskResult> writeEachWord(
            Orchestrator.Builder builder, List<String> words, String file, Duration wait) throws Exception {
        List<TaskResult> results = new ArrayList<>();
        try (Orchestrator orchestrator = builder.build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (String word : words) {
                handles.add(orchestrator.submit(Task.of("Write " + word + " into " + file + "\nEDIT: " + word)));
            }
            for (TaskHandle handle : handles) {
                results.add(handle.result().get(wait.toNanos(), TimeUnit.NANOSECONDS));
            }
        }
        return results;
    }
}
