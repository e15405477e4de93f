package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import java.util.Optional;

/**
 * The evidence about one iteration that quality is judged on: artefacts, not only prose.
 *
 * @param task         the task, with its description and acceptance criteria
 * @param responseText the agent's final text
 * @param validation   the validator's findings
 * @param changes      what changed in the working directory
 * @param verification the verification command's outcome, when the task has one
 */
public record QualityInput(
        Task task,
        String responseText,
        Validation validation,
        WorkspaceChanges changes,
        Optional<VerificationResult> verification) {

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
    }
}
