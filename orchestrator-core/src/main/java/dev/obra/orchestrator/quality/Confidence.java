package dev.obra.orchestrator.quality;

import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToOne;

import java.util.Optional;

/**
 * How much to trust an iteration's quality score, with its parts.
 *
 * @param value     0..1, the mean of the two parts
 * @param agreement 0..1: how close the LLM judge's score is to the heuristic one; 0.5 when only heuristics ran
 * @param evidence  0..1: how strong the hard evidence is (verification ran and passed, files changed, the agent
 *                  finished its turn)
 */
public record Confidence(double value, double agreement, double evidence) {

    /**
     * Creates the value, checking its components.
     *
     * @param value 0..1, the mean of the two parts
     * @param agreement 0..1: how close the LLM judge's score is to the heuristic one; 0.5 when only heuristics ran
     * @param evidence 0..1: how strong the hard evidence is (verification ran and passed, files changed, the agent
     *                 finished its turn)
     */
    public Confidence {
        requireZeroToOne(value, "value");
        requireZeroToOne(agreement, "agreement");
        requireZeroToOne(evidence, "evidence");
    }

    /**
     * Returns the confidence in {@code quality}, given the evidence it was based on.
     *
     * @param quality the quality
     * @param validation the validation
     * @param changes the changes
     * @param verification the verification
     * @return the confidence in {@code quality}, given the evidence it was based on
     */
    public static Confidence of(
            QualityScore quality,
            Validation validation,
            WorkspaceChanges changes,
            Optional<VerificationResult> verification) {
        double agreement = quality.source() == QualityScore.Source.HEURISTIC
                ? 0.5
                : 1.0 - Math.abs(quality.score() - quality.heuristicScore());
        double evidence = verification.map(v -> v.passed() ? 0.5 : 0.0).orElse(0.2);
        evidence += changes.hasChanges() ? 0.3 : changes.probed() ? 0.0 : 0.15;
        evidence += validation.complete() ? 0.2 : 0.0;
        evidence = Math.min(1.0, evidence);
        double value = (agreement + evidence) / 2;
        return new Confidence(value, agreement, evidence);
    }
}
