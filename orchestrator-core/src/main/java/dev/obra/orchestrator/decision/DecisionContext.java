package dev.obra.orchestrator.decision;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about an iteration when its decision is made. The evaluation parts are empty when the agent
 * produced no successful result, because nothing was evaluated.
 *
 * @param task                    the task
 * @param iteration               1-based
 * @param maxIterations           the iterations the task may use
 * @param attempt                 1-based attempt within the iteration (a new attempt follows a transient failure)
 * @param maxAttemptsPerIteration the attempts an iteration may use
 * @param agentResult             what the agent returned, or why it returned nothing
 * @param changes                 what changed in the working directory
 * @param verification            the verification command's outcome, when it ran
 * @param validation              the validator's findings, when evaluated
 * @param quality                 the quality score, when evaluated
 * @param confidence              the confidence in it, when evaluated
 * @param previousQualityScores   the quality scores of the earlier iterations, oldest first
 */
public record DecisionContext(
        Task task,
        int iteration,
        int maxIterations,
        int attempt,
        int maxAttemptsPerIteration,
        AgentResult agentResult,
        WorkspaceChanges changes,
        Optional<VerificationResult> verification,
        Optional<Validation> validation,
        Optional<QualityScore> quality,
        Optional<Confidence> confidence,
        List<Double> previousQualityScores) {

    /**
     * Creates the value, checking its components.
     *
     * @param task the task
     * @param iteration 1-based
     * @param maxIterations the iterations the task may use
     * @param attempt 1-based attempt within the iteration (a new attempt follows a transient failure)
     * @param maxAttemptsPerIteration the attempts an iteration may use
     * @param agentResult what the agent returned, or why it returned nothing
     * @param changes what changed in the working directory
     * @param verification the verification command's outcome, when it ran
     * @param validation the validator's findings, when evaluated
     * @param quality the quality score, when evaluated
     * @param confidence the confidence in it, when evaluated
     * @param previousQualityScores the quality scores of the earlier iterations, oldest first
     */
    public DecisionContext {
        requireNonNull(task, "task");
        if (iteration < 1 || maxIterations < 1 || attempt < 1 || maxAttemptsPerIteration < 1) {
            throw new IllegalArgumentException("iteration, maxIterations, attempt and maxAttemptsPerIteration must "
                    + "be >= 1, were " + iteration + ", " + maxIterations + ", " + attempt + ", "
                    + maxAttemptsPerIteration);
        }
        requireNonNull(agentResult, "agentResult");
        requireNonNull(changes, "changes");
        requireNonNull(verification, "verification");
        requireNonNull(validation, "validation");
        requireNonNull(quality, "quality");
        requireNonNull(confidence, "confidence");
        previousQualityScores = List.copyOf(requireNonNull(previousQualityScores, "previousQualityScores"));
    }

    /**
     * Returns whether this is the task's last allowed iteration.
     *
     * @return whether this is the task's last allowed iteration
     */
    public boolean isLastIteration() {
        return iteration >= maxIterations;
    }
}
