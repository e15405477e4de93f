package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.PermissionDenial;
import java.util.List;
import java.util.Optional;

/**
 * The evidence about one iteration that quality is judged on: artefacts, not only prose.
 *
 * @param task              the task, with its description and acceptance criteria
 * @param responseText      the agent's final text
 * @param validation        the validator's findings
 * @param changes           what changed in the working directory
 * @param verification      the verification command's outcome, when the task has one
 * @param diff              the change since the task started, file by file, for the judge to read; empty when there
 *                          is no working directory or nothing changed
 * @param permissionDenials the tool calls the agent was refused while it worked on this iteration
 */
public record QualityInput(
        Task task,
        String responseText,
        Validation validation,
        WorkspaceChanges changes,
        Optional<VerificationResult> verification,
        List<FileDiff> diff,
        List<PermissionDenial> permissionDenials) {

    /**
     * Creates the value, checking its components.
     *
     * @param task              the task, with its description and acceptance criteria
     * @param responseText      the agent's final text
     * @param validation        the validator's findings
     * @param changes           what changed in the working directory
     * @param verification      the verification command's outcome, when the task has one
     * @param diff              the change since the task started, file by file
     * @param permissionDenials the tool calls the agent was refused
     */
    public QualityInput {
        requireNonNull(task, "task");
        requireNonNull(responseText, "responseText");
        requireNonNull(validation, "validation");
        requireNonNull(changes, "changes");
        requireNonNull(verification, "verification");
        diff = List.copyOf(requireNonNull(diff, "diff"));
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
    }
}
