package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a prompt is written from.
 *
 * @param task             the task
 * @param iteration        1-based
 * @param maxIterations    the iterations the task may use
 * @param workingDirectory where the agent works, when known
 * @param resumed          whether the invocation continues the previous conversation
 * @param feedback         what went wrong in the previous iteration (a failing verification, a retry's reason)
 * @param issues           concrete issues to address, from the previous iteration's evaluation
 * @param guidance         guidance from people at breakpoints, oldest first
 */
public record PromptContext(
        Task task,
        int iteration,
        int maxIterations,
        Optional<Path> workingDirectory,
        boolean resumed,
        Optional<String> feedback,
        List<String> issues,
        List<String> guidance) {

    /**
     * Creates the value, checking its components.
     *
     * @param task the task
     * @param iteration 1-based
     * @param maxIterations the iterations the task may use
     * @param workingDirectory where the agent works, when known
     * @param resumed whether the invocation continues the previous conversation
     * @param feedback what went wrong in the previous iteration (a failing verification, a retry's reason)
     * @param issues concrete issues to address, from the previous iteration's evaluation
     * @param guidance guidance from people at breakpoints, oldest first
     */
    public PromptContext {
        requireNonNull(task, "task");
        if (iteration < 1 || maxIterations < iteration) {
            throw new IllegalArgumentException(
                    "need 1 <= iteration <= maxIterations, were " + iteration + ", " + maxIterations);
        }
        requireNonNull(workingDirectory, "workingDirectory");
        requireNonNull(feedback, "feedback");
        issues = List.copyOf(requireNonNull(issues, "issues"));
        guidance = List.copyOf(requireNonNull(guidance, "guidance"));
    }
}
