package dev.obra.orchestrator.internal.judge;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A judge's verdict as parsed from its answer. Its pass/fail and issues stand even when its score does not.
 *
 * @param score        0..1, finite; empty when the judge gave none that can be used
 * @param scoreProblem why the score cannot be used, fit to tell the model ("score must be between 0 and 1; you
 *                     answered 85"); present exactly when {@code score} is empty
 * @param pass         whether the judge says the work is done
 * @param issues       concrete problems
 * @param summary      a one-line verdict
 */
public record JudgeVerdict(
        OptionalDouble score, Optional<String> scoreProblem, boolean pass, List<String> issues, String summary) {
    /**
     * Creates the value, checking its components.
     *
     * @param score 0..1 when present; empty when the judge gave none that can be used
     * @param scoreProblem why the score cannot be used; present exactly when {@code score} is empty
     * @param pass whether the judge says the work is done
     * @param issues concrete problems, copied
     * @param summary a one-line verdict
     */
    public JudgeVerdict {
        requireNonNull(score, "score");
        if (score.isPresent() && !(score.getAsDouble() >= 0.0 && score.getAsDouble() <= 1.0)) {
            throw new IllegalArgumentException("score must be in 0..1, was " + score.getAsDouble());
        }
        requireNonNull(scoreProblem, "scoreProblem");
        if (score.isPresent() == scoreProblem.isPresent()) {
            throw new IllegalArgumentException(
                    "a verdict has either a score or a score problem, had " + score + " and " + scoreProblem);
        }
        issues = List.copyOf(requireNonNull(issues, "issues"));
        requireNonNull(summary, "summary");
    }

    /**
     * Returns a verdict with a usable score.
     *
     * @param score the judge's score, 0..1
     * @param pass whether the judge says the work is done
     * @param issues concrete problems the judge named
     * @param summary a one-line verdict
     * @return a verdict with that score and no score problem
     */
    public static JudgeVerdict scored(double score, boolean pass, List<String> issues, String summary) {
        return new JudgeVerdict(OptionalDouble.of(score), Optional.empty(), pass, issues, summary);
    }

    /** Returns a copy whose score is unknown for the given reason. */
    JudgeVerdict withoutScore(String problem) {
        return new JudgeVerdict(OptionalDouble.empty(), Optional.of(problem), pass, issues, summary);
    }
}
