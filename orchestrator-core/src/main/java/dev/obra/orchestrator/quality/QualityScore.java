package dev.obra.orchestrator.quality;

import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToOne;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How good one iteration's result is, and who said so.
 *
 * @param score          0..1; what the decision engine compares with its thresholds
 * @param source         who produced {@code score}
 * @param heuristicScore the heuristic score, always computed; equal to {@code score} when the source is
 *                       {@link Source#HEURISTIC}
 * @param summary        a one-line verdict
 * @param issues         concrete problems found, one line each
 * @param fallbackReason why the LLM judge's verdict was not used, when it was not
 * @param judge          what the LLM judge's calls cost
 * @param verdict        the LLM judge's pass/fail, which counts even when its score could not be used
 * @param notes          how the score was reached, where that matters to reading it: the judge's score was
 *                       unusable, its verdict came from its reasoning trace, its verdict contradicts itself, it
 *                       saw only part of the change, its server dropped part of the prompt
 */
public record QualityScore(
        double score,
        Source source,
        double heuristicScore,
        String summary,
        List<String> issues,
        Optional<String> fallbackReason,
        JudgeUsage judge,
        Verdict verdict,
        List<String> notes) {

    /** The LLM judge's pass/fail. */
    public enum Verdict {
        /** The judge said every acceptance criterion is met. */
        PASS,
        /** The judge said the work is not done; the default rules never accept it. */
        FAIL,
        /** No verdict: no judge, or its answer could not be read. */
        NONE
    }

    /** Who produced a score. */
    public enum Source {
        /** The LLM judge's verdict. */
        LLM,
        /** Heuristics over the evidence, because no judge is configured or its answer could not be used. */
        HEURISTIC,
        /** The judge's verdict, corrected by evidence it contradicted (for example a failing verification). */
        COMBINED
    }

    /**
     * Creates the value, checking its components.
     *
     * @param score 0..1; what the decision engine compares with its thresholds
     * @param source who produced {@code score}
     * @param heuristicScore the heuristic score, always computed; equal to {@code score} when the source is
     *                       {@link Source#HEURISTIC}
     * @param summary a one-line verdict
     * @param issues concrete problems found, one line each
     * @param fallbackReason why the LLM judge's verdict was not used, when it was not
     * @param judge what the LLM judge's calls cost
     * @param verdict the LLM judge's pass/fail; {@link Verdict#NONE} without a judge or a readable answer
     * @param notes how the score was reached, where that matters to reading it; copied
     */
    public QualityScore {
        requireZeroToOne(score, "score");
        requireNonNull(source, "source");
        requireZeroToOne(heuristicScore, "heuristicScore");
        requireNonNull(summary, "summary");
        issues = List.copyOf(requireNonNull(issues, "issues"));
        requireNonNull(fallbackReason, "fallbackReason");
        requireNonNull(judge, "judge");
        if (source == Source.HEURISTIC && fallbackReason.isEmpty()) {
            throw new IllegalArgumentException("a heuristic score must say why the judge was not used");
        }
        requireNonNull(verdict, "verdict");
        notes = List.copyOf(requireNonNull(notes, "notes"));
    }

    /**
     * Returns whether the judge said the work fails.
     *
     * @return true when the verdict is {@link Verdict#FAIL}
     */
    public boolean judgeFailed() {
        return verdict == Verdict.FAIL;
    }
}
