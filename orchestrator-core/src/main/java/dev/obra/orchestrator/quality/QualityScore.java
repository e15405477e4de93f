package dev.obra.orchestrator.quality;

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
 */
public record QualityScore(
        double score,
        Source source,
        double heuristicScore,
        String summary,
        List<String> issues,
        Optional<String> fallbackReason,
        JudgeUsage judge) {

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
     */
    public QualityScore {
        checkUnit("score", score);
        requireNonNull(source, "source");
        checkUnit("heuristicScore", heuristicScore);
        requireNonNull(summary, "summary");
        issues = List.copyOf(requireNonNull(issues, "issues"));
        requireNonNull(fallbackReason, "fallbackReason");
        requireNonNull(judge, "judge");
        if (source == Source.HEURISTIC && fallbackReason.isEmpty()) {
            throw new IllegalArgumentException("a heuristic score must say why the judge was not used");
        }
    }

    static void checkUnit(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in 0..1, was " + value);
        }
    }
}
