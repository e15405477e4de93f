package dev.obra.orchestrator.internal.judge;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A judge's verdict as parsed from its answer.
 *
 * @param score   0..1, finite
 * @param pass    whether the judge says the work is done
 * @param issues  concrete problems
 * @param summary a one-line verdict
 */
public record JudgeVerdict(double score, boolean pass, List<String> issues, String summary) {
    /**
     * Creates the value, checking its components.
     *
     * @param score 0..1, finite
     * @param pass whether the judge says the work is done
     * @param issues concrete problems
     * @param summary a one-line verdict
     */
    public JudgeVerdict {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in 0..1, was " + score);
        }
        issues = List.copyOf(requireNonNull(issues, "issues"));
        requireNonNull(summary, "summary");
    }
}
