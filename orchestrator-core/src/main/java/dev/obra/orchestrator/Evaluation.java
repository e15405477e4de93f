package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.util.Optional;

/**
 * What the loop found out about one agent session's work. Only a successful session is verified, validated, judged
 * and given a confidence; every session's workspace changes are probed.
 *
 * @param changes      what changed in the working directory during the session
 * @param verification the verification command's result, when the task has one and the session succeeded
 * @param validation   the response validation, when the session succeeded
 * @param quality      the quality score, when the session succeeded
 * @param confidence   the confidence in that score, when the session succeeded
 */
record Evaluation(
        WorkspaceChanges changes,
        Optional<VerificationResult> verification,
        Optional<Validation> validation,
        Optional<QualityScore> quality,
        Optional<Confidence> confidence) {

    Evaluation {
        requireNonNull(changes, "changes");
        requireNonNull(verification, "verification");
        requireNonNull(validation, "validation");
        requireNonNull(quality, "quality");
        requireNonNull(confidence, "confidence");
    }

    /** A session whose work was not evaluated, because it did not succeed. */
    static Evaluation notEvaluated(WorkspaceChanges changes) {
        return new Evaluation(changes, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A successful session's full evaluation. */
    static Evaluation of(
            WorkspaceChanges changes,
            Optional<VerificationResult> verification,
            Validation validation,
            QualityScore quality,
            Confidence confidence) {
        return new Evaluation(
                changes, verification, Optional.of(validation), Optional.of(quality), Optional.of(confidence));
    }
}
