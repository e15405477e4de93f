package dev.obra.orchestrator.store;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.time.Instant;
import java.util.Optional;

/**
 * One iteration as recorded, after its decision. The evaluation parts are empty when the agent produced no
 * successful result. Its text, nested records' included, is kept as every store can hold it: a NUL character and each
 * unpaired surrogate become U+FFFD (the replacement character); everything else, 4-byte characters included, is kept.
 *
 * @param taskId       the task
 * @param iteration    1-based
 * @param sessionId    the session of the iteration's last attempt
 * @param attempts     how many attempts the iteration took
 * @param prompt       what the agent was asked
 * @param response     the agent's final text, empty when there was none
 * @param validation   the validator's findings
 * @param quality      the quality score, with the judge's usage
 * @param confidence   the confidence in it
 * @param decision     what the decision engine chose
 * @param changes      what changed in the working directory
 * @param verification the verification command's outcome
 * @param createdAt    when the iteration was recorded, to the millisecond
 */
public record IterationRecord(
        TaskId taskId,
        int iteration,
        SessionId sessionId,
        int attempts,
        String prompt,
        String response,
        Optional<Validation> validation,
        Optional<QualityScore> quality,
        Optional<Confidence> confidence,
        Decision decision,
        WorkspaceChanges changes,
        Optional<VerificationResult> verification,
        Instant createdAt) {

    /**
     * Creates the value, checking its components.
     *
     * @param taskId the task
     * @param iteration 1-based
     * @param sessionId the session of the iteration's last attempt
     * @param attempts how many attempts the iteration took
     * @param prompt what the agent was asked
     * @param response the agent's final text, empty when there was none
     * @param validation the validator's findings
     * @param quality the quality score, with the judge's usage
     * @param confidence the confidence in it
     * @param decision what the decision engine chose
     * @param changes what changed in the working directory
     * @param verification the verification command's outcome
     * @param createdAt when the iteration was recorded, to the millisecond
     */
    public IterationRecord {
        requireNonNull(taskId, "taskId");
        if (iteration < 1 || attempts < 1) {
            throw new IllegalArgumentException(
                    "iteration and attempts must be >= 1, were " + iteration + ", " + attempts);
        }
        requireNonNull(sessionId, "sessionId");
        prompt = StoredText.clean(requireNonNull(prompt, "prompt"));
        response = StoredText.clean(requireNonNull(response, "response"));
        validation = StoredText.cleanEach(requireNonNull(validation, "validation"), StoredText::clean);
        quality = StoredText.cleanEach(requireNonNull(quality, "quality"), StoredText::clean);
        requireNonNull(confidence, "confidence");
        decision = StoredText.clean(requireNonNull(decision, "decision"));
        changes = StoredText.clean(requireNonNull(changes, "changes"));
        verification = StoredText.cleanEach(requireNonNull(verification, "verification"), StoredText::clean);
        createdAt = Precision.millis(requireNonNull(createdAt, "createdAt"));
    }
}
