package dev.obra.orchestrator.breakpoint;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.QualityScore;
import java.time.Duration;
import java.util.Optional;

/**
 * The state of a task after an iteration, when breakpoints are checked (only when the task would go on).
 *
 * @param task                the task
 * @param iteration           the iteration just finished, 1-based
 * @param metrics             what the task has used so far
 * @param elapsed             how long the task has run
 * @param quality             the last iteration's quality score, when it was evaluated
 * @param consecutiveFailures how many iterations in a row ended without an accepted result, this one included
 * @param decision            what the decision engine chose for this iteration
 */
public record BreakpointContext(
        Task task,
        int iteration,
        TaskMetrics metrics,
        Duration elapsed,
        Optional<QualityScore> quality,
        int consecutiveFailures,
        Decision decision) {

    /**
     * Creates the value, checking its components.
     *
     * @param task the task
     * @param iteration the iteration just finished, 1-based
     * @param metrics what the task has used so far
     * @param elapsed how long the task has run
     * @param quality the last iteration's quality score, when it was evaluated
     * @param consecutiveFailures how many iterations in a row ended without an accepted result, this one included
     * @param decision what the decision engine chose for this iteration
     */
    public BreakpointContext {
        requireNonNull(task, "task");
        requireNonNull(metrics, "metrics");
        requireNonNull(elapsed, "elapsed");
        requireNonNull(quality, "quality");
        requireNonNull(decision, "decision");
    }
}
