package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What supervision cost for one iteration: the LLM judge's calls, their time and their tokens.
 *
 * @param calls            model calls made, repairs and failed calls included
 * @param duration         their total wall time, kept to the millisecond
 * @param promptTokens     input tokens the server reported
 * @param completionTokens output tokens the server reported
 */
public record JudgeUsage(int calls, Duration duration, long promptTokens, long completionTokens) {
    /** No judge calls. */
    public static final JudgeUsage NONE = new JudgeUsage(0, Duration.ZERO, 0, 0);

    /**
     * Creates the value, checking its components.
     *
     * @param calls model calls made, repairs and failed calls included
     * @param duration their total wall time, kept to the millisecond
     * @param promptTokens input tokens the server reported
     * @param completionTokens output tokens the server reported
     */
    public JudgeUsage {
        if (calls < 0 || promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, were " + calls + ", " + promptTokens + ", " + completionTokens);
        }
        duration = requireNonNull(duration, "duration").truncatedTo(ChronoUnit.MILLIS);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, was " + duration);
        }
    }

    /**
     * Returns the sum of this and {@code other}.
     *
     * @param other the usage to add
     * @return the sum of this and {@code other}
     */
    public JudgeUsage plus(JudgeUsage other) {
        return new JudgeUsage(
                calls + other.calls,
                duration.plus(other.duration),
                promptTokens + other.promptTokens,
                completionTokens + other.completionTokens);
    }
}
