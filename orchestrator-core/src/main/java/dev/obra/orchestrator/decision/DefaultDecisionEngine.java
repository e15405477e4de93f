package dev.obra.orchestrator.decision;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToOne;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The default rules, in order:
 * <ol>
 * <li>The agent's outcome first: a transient failure is retried in a new session while attempts remain; an
 * authentication or configuration error aborts; a turn limit resumes the conversation ("continue"); an exhausted
 * budget aborts.</li>
 * <li>A failing verification command: retry with its output as feedback.</li>
 * <li>Validation passed, the LLM judge did not say FAIL, quality at least {@link #qualityThreshold()} and
 * confidence at least {@link #confidenceThreshold()}: proceed. A judge's FAIL is never accepted, whatever its
 * score, and its issues become the feedback; a verdict that contradicts itself (PASS under the threshold, FAIL
 * over it) is named as such in the decision.</li>
 * <li>Quality below {@link #escalationThreshold()} on {@link #escalateAfter()} consecutive iterations, or confidence
 * below half its threshold: escalate.</li>
 * <li>Otherwise clarify with the issues found, or retry with them when nothing changed in the workspace.</li>
 * </ol>
 * Running out of iterations is the orchestrator's rule. Immutable and thread-safe.
 */
public final class DefaultDecisionEngine implements DecisionEngine {
    /** Default minimum quality to proceed. */
    public static final double DEFAULT_QUALITY_THRESHOLD = 0.70;
    /** Default minimum confidence to proceed. */
    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.50;
    /** Default quality below which iterations count towards escalation. */
    public static final double DEFAULT_ESCALATION_THRESHOLD = 0.50;
    /** Default number of consecutive low-quality iterations that escalate. */
    public static final int DEFAULT_ESCALATE_AFTER = 2;

    private final double qualityThreshold;
    private final double confidenceThreshold;
    private final double escalationThreshold;
    private final int escalateAfter;

    private DefaultDecisionEngine(Builder b) {
        qualityThreshold = b.qualityThreshold;
        confidenceThreshold = b.confidenceThreshold;
        escalationThreshold = b.escalationThreshold;
        escalateAfter = b.escalateAfter;
    }

    /**
     * Returns an engine with the default thresholds.
     *
     * @return an engine with the default thresholds
     */
    public static DefaultDecisionEngine ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with the default thresholds.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder with this engine's thresholds.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        return builder()
                .qualityThreshold(qualityThreshold)
                .confidenceThreshold(confidenceThreshold)
                .escalationThreshold(escalationThreshold)
                .escalateAfter(escalateAfter);
    }

    /**
     * Returns the minimum quality to proceed.
     *
     * @return the minimum quality to proceed
     */
    public double qualityThreshold() {
        return qualityThreshold;
    }

    /**
     * Returns the minimum confidence to proceed.
     *
     * @return the minimum confidence to proceed
     */
    public double confidenceThreshold() {
        return confidenceThreshold;
    }

    /**
     * Returns the quality below which iterations count towards escalation.
     *
     * @return the quality below which iterations count towards escalation
     */
    public double escalationThreshold() {
        return escalationThreshold;
    }

    /**
     * Returns how many consecutive low-quality iterations escalate.
     *
     * @return how many consecutive low-quality iterations escalate
     */
    public int escalateAfter() {
        return escalateAfter;
    }

    @Override
    public Decision decide(DecisionContext context) {
        requireNonNull(context, "context");
        AgentResult result = context.agentResult();
        if (result instanceof AgentResult.Failed failed) {
            return onFailure(failed.error(), context);
        }
        AgentResponse response = ((AgentResult.Responded) result).response();
        return switch (response.outcome()) {
            case SUCCESS -> judge(context);
            case API_ERROR -> retryOrAbort(context, "the API failed transiently: " + describe(response));
            case AUTH_ERROR -> new Decision.Abort("authentication or configuration error: " + describe(response));
            case REQUEST_ERROR -> new Decision.Abort("the API rejected the request: " + describe(response));
            case MAX_TURNS ->
                new Decision.Clarify(List.of("You stopped at the turn limit after " + response.numTurns()
                        + " turns. Continue the work from where you left off."));
            case BUDGET_EXCEEDED -> new Decision.Abort("the agent's budget ran out: " + describe(response));
            case EXECUTION_ERROR ->
                new Decision.Retry("The previous attempt ended with an error: " + describe(response));
            case CANCELLED -> new Decision.Abort("the agent was interrupted: " + describe(response));
            default -> throw new IllegalStateException("unhandled outcome " + response.outcome());
        };
    }

    private Decision onFailure(AgentException error, DecisionContext context) {
        if (error.isRetriable()) {
            return retryOrAbort(context, error.getMessage());
        }
        if (error instanceof AgentTimeoutException timeout) {
            return new Decision.Retry("The previous attempt was stopped after "
                    + (timeout.isIdle() ? "producing no output for " : "running for ") + timeout.timeout()
                    + ". Work in smaller steps and avoid commands that wait for input or run forever.");
        }
        return new Decision.Abort(error.getMessage());
    }

    private static Decision retryOrAbort(DecisionContext context, String problem) {
        if (context.attempt() < context.maxAttemptsPerIteration()) {
            return new Decision.Retry("attempt " + context.attempt() + " of " + context.maxAttemptsPerIteration()
                    + " failed, retrying in a new session: " + problem);
        }
        return new Decision.Abort("all " + context.maxAttemptsPerIteration() + " attempts of iteration "
                + context.iteration() + " failed; the last: " + problem);
    }

    private Decision judge(DecisionContext context) {
        if (context.verification().isPresent() && !context.verification().get().passed()) {
            VerificationResult v = context.verification().get();
            return new Decision.Retry("The verification command `" + String.join(" ", v.command()) + "` "
                    + (v.timedOut() ? "timed out" : "failed with exit code " + v.exitCode())
                    + ". Its output ended with:\n" + v.outputTail().strip());
        }
        Validation validation = context.validation().orElseThrow(() -> missing("validation"));
        QualityScore quality = context.quality().orElseThrow(() -> missing("quality"));
        Confidence confidence = context.confidence().orElseThrow(() -> missing("confidence"));
        if (validation.passed()
                && !quality.judgeFailed()
                && quality.score() >= qualityThreshold
                && confidence.value() >= confidenceThreshold) {
            return new Decision.Proceed("quality " + quality.score() + " ("
                    + quality.source().name().toLowerCase(java.util.Locale.ROOT) + "), confidence "
                    + round(confidence.value()) + ": " + quality.summary());
        }
        if (lowQualityStreak(context, quality.score()) >= escalateAfter) {
            return new Decision.Escalate("quality stayed below " + escalationThreshold + " for " + escalateAfter
                    + " iterations in a row (last " + quality.score() + ": " + quality.summary() + ")");
        }
        if (confidence.value() < confidenceThreshold / 2) {
            return new Decision.Escalate("confidence " + round(confidence.value()) + " is too low to go on (agreement "
                    + round(confidence.agreement()) + ", evidence " + round(confidence.evidence()) + ")");
        }
        List<String> issues = issues(validation, quality);
        contradiction(quality).ifPresent(issues::add);
        if (context.changes().probed() && !context.changes().hasChanges()) {
            return new Decision.Retry("Nothing changed in the working directory. Do the work itself, not only "
                    + "describe it. Issues found:\n- " + String.join("\n- ", issues));
        }
        return new Decision.Clarify(issues);
    }

    /** Names a judge's verdict that contradicts its own score, so that the record says so. */
    private Optional<String> contradiction(QualityScore quality) {
        if (quality.source() != QualityScore.Source.LLM) {
            return Optional.empty();
        }
        if (quality.verdict() == QualityScore.Verdict.FAIL && quality.score() >= qualityThreshold) {
            return Optional.of("the judge's verdict contradicts itself: FAIL with score " + quality.score()
                    + ", at or over the threshold " + qualityThreshold + "; the FAIL stands");
        }
        if (quality.verdict() == QualityScore.Verdict.PASS && quality.score() < qualityThreshold) {
            return Optional.of("the judge's verdict contradicts itself: PASS with score " + quality.score()
                    + ", under the threshold " + qualityThreshold + "; not accepted");
        }
        return Optional.empty();
    }

    private int lowQualityStreak(DecisionContext context, double current) {
        if (current >= escalationThreshold) {
            return 0;
        }
        int streak = 1;
        List<Double> previous = context.previousQualityScores();
        for (int i = previous.size() - 1; i >= 0 && previous.get(i) < escalationThreshold; i--) {
            streak++;
        }
        return streak;
    }

    private List<String> issues(Validation validation, QualityScore quality) {
        Set<String> all = new LinkedHashSet<>(validation.issues());
        all.addAll(quality.issues());
        if (all.isEmpty()) {
            all.add("quality " + quality.score() + " is below " + qualityThreshold + ": " + quality.summary());
        }
        return new ArrayList<>(all);
    }

    private static String describe(AgentResponse response) {
        if (!response.errors().isEmpty()) {
            return String.join("; ", response.errors());
        }
        String text = response.text().strip();
        return text.isEmpty() ? response.outcome().name() : text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static IllegalStateException missing(String what) {
        return new IllegalStateException("a successful response must come with its " + what);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Not thread-safe. The built engine is immutable and thread-safe. */
    public static final class Builder {
        private double qualityThreshold = DEFAULT_QUALITY_THRESHOLD;
        private double confidenceThreshold = DEFAULT_CONFIDENCE_THRESHOLD;
        private double escalationThreshold = DEFAULT_ESCALATION_THRESHOLD;
        private int escalateAfter = DEFAULT_ESCALATE_AFTER;

        private Builder() {}

        /**
         * Sets the minimum quality to proceed, 0..1 (default 0.70).
         *
         * @param value the minimum quality
         * @return this builder
         */
        public Builder qualityThreshold(double value) {
            qualityThreshold = requireZeroToOne(value, "qualityThreshold");
            return this;
        }

        /**
         * Sets the minimum confidence to proceed, 0..1 (default 0.50).
         *
         * @param value the minimum confidence
         * @return this builder
         */
        public Builder confidenceThreshold(double value) {
            confidenceThreshold = requireZeroToOne(value, "confidenceThreshold");
            return this;
        }

        /**
         * Sets the quality below which iterations count towards escalation, 0..1 (default 0.50).
         *
         * @param value the quality below which iterations count towards escalation
         * @return this builder
         */
        public Builder escalationThreshold(double value) {
            escalationThreshold = requireZeroToOne(value, "escalationThreshold");
            return this;
        }

        /**
         * Sets how many consecutive low-quality iterations escalate, at least 1 (default 2).
         *
         * @param iterations the iterations
         * @return this builder
         */
        public Builder escalateAfter(int iterations) {
            escalateAfter = requireAtLeast(iterations, 1, "escalateAfter");
            return this;
        }

        /**
         * Returns the engine.
         *
         * @return the new {@code DefaultDecisionEngine}
         * @throws IllegalStateException when the escalation threshold is above the quality threshold
         */
        public DefaultDecisionEngine build() {
            if (escalationThreshold > qualityThreshold) {
                throw new IllegalStateException("escalationThreshold (" + escalationThreshold
                        + ") must not be above qualityThreshold (" + qualityThreshold + ")");
            }
            return new DefaultDecisionEngine(this);
        }
    }
}
