package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.llm.LlmInterface;
import java.util.Optional;

/**
 * Scores an iteration's result from 0 to 1; the decision engine compares the score with its thresholds, and the
 * store records it with the iteration. The built-in controllers are {@link #judgedBy(LlmInterface)} (an LLM judge
 * with a heuristic fallback, what {@code Orchestrator.Builder.llm(..)} sets up) and {@link #heuristic()}; a custom
 * one goes in through {@code Orchestrator.Builder.qualityController(..)}, and may call a built-in one and adjust its
 * score. Implementations must be thread-safe: concurrent tasks share one.
 *
 * <pre>{@code
 * QualityController judge = QualityController.judgedBy(llm);
 * QualityController strict = input -> {
 *     QualityScore judged = judge.evaluate(input);
 *     return input.changes().filesChanged() > 20
 *             ? new QualityScore(Math.min(judged.score(), 0.5), QualityScore.Source.COMBINED,
 *                     judged.heuristicScore(), "too many files changed", judged.issues(), Optional.empty(),
 *                     judged.judge())
 *             : judged;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface QualityController {
    /** The most tokens the built-in judge may answer with. */
    int JUDGE_MAX_TOKENS = 1024;
    /** The most tokens the built-in judge may answer with when it repairs an answer that was cut off. */
    int REPAIR_MAX_TOKENS = 2 * JUDGE_MAX_TOKENS;

    /**
     * Returns the score for one iteration's evidence.
     *
     * @param input the task, the agent's final text, the validation, the workspace changes and the verification
     * @return the score, with who produced it and why
     */
    QualityScore evaluate(QualityInput input);

    /**
     * Returns the built-in controller that scores by heuristics only.
     *
     * @return a thread-safe controller
     */
    static QualityController heuristic() {
        return new DefaultQualityController(Optional.empty(), JudgeBudget.DEFAULT);
    }

    /**
     * Returns the built-in controller that shows {@code judge} the change (within {@link JudgeBudget#DEFAULT}),
     * asks it for a verdict, repairs an unusable answer once and falls back to heuristics.
     *
     * @param judge the LLM that judges
     * @return a controller, thread-safe when the judge is
     */
    static QualityController judgedBy(LlmInterface judge) {
        return judgedBy(judge, JudgeBudget.DEFAULT);
    }

    /**
     * Returns the built-in controller with the judge's prompt, the change's diff included, bounded by
     * {@code budget}: what {@code Orchestrator.Builder.judgeBudget(..)} sets up.
     *
     * @param judge  the LLM that judges
     * @param budget the most the judge's prompt may hold
     * @return a controller, thread-safe when the judge is
     */
    static QualityController judgedBy(LlmInterface judge, JudgeBudget budget) {
        return new DefaultQualityController(
                Optional.of(requireNonNull(judge, "judge")), requireNonNull(budget, "budget"));
    }
}
