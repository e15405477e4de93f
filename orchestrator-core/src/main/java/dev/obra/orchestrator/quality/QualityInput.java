package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.PermissionDenial;
import java.util.List;
import java.util.Optional;

/**
 * The evidence about one iteration that quality is judged on: artefacts, not only prose.
 *
 * @param task         the task, with its description and acceptance criteria
 * @param responseText the agent's final text
 * @param validation   the validator's findings
 * @param changes      what changed in the working directory
 * @param verification the verification command's outcome, when the task has one
 * @param permissionDenials the tool calls the agent was refused while it worked on this iteration
 */
public record QualityInput(
        Task task,
        String responseText,
        Validation validation,
        WorkspaceChanges changes,
        Optional<VerificationResult> verification,
        List<PermissionDenial> permissionDenials) {

    /**
     * Creates the value, checking its components.
     *
     * @param task the task, with its description and acceptance criteria
     * @param responseText the agent's final text
     * @param validation the validator's findings
     * @param changes what changed in the working directory
     * @param verification the verification command's outcome, when the task has one
     */
    public QualityInput {
        requireNonNull(task, "task");
        requireNonNull(responseText, "responseText");
        requireNonNull(validation, "validation");
        requireNonNull(changes, "changes");
        requireNonNull(verification, "verification");
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
    }

    /**
     * Creates evidence without permission denials.
     *
     * @param task         the task
     * @param responseText the agent's final text
     * @param validation   the validator's findings
     * @param changes      what changed in the working directory
     * @param verification the verification command's outcome, when the task has one
     */
    public QualityInput(Task task, String responseText, Validation validation, WorkspaceChanges changes,
            Optional<VerificationResult> verification) {
        this(task, responseText, validation, changes, verification, List.of());
    }
}
