package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.store.SessionRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * What a task used, summed over its agent sessions. Stores compute it in one aggregate query.
 *
 * @param iterations          distinct iterations that ran a session
 * @param sessions            agent sessions (attempts), failed ones included
 * @param inputTokens         uncached input tokens
 * @param outputTokens        output tokens
 * @param cacheCreationTokens input tokens written to the prompt cache
 * @param cacheReadTokens     input tokens read from the prompt cache
 * @param turns               model round-trips
 * @param costUsd             the sum of the sessions' own costs
 * @param agentTime           the sum of the sessions' durations
 */
public record TaskMetrics(
        int iterations,
        int sessions,
        long inputTokens,
        long outputTokens,
        long cacheCreationTokens,
        long cacheReadTokens,
        long turns,
        BigDecimal costUsd,
        Duration agentTime) {

    /** Nothing used. */
    public static final TaskMetrics ZERO = new TaskMetrics(0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, Duration.ZERO);

    /**
     * Creates the value, checking its components.
     *
     * @param iterations distinct iterations that ran a session
     * @param sessions agent sessions (attempts), failed ones included
     * @param inputTokens uncached input tokens
     * @param outputTokens output tokens
     * @param cacheCreationTokens input tokens written to the prompt cache
     * @param cacheReadTokens input tokens read from the prompt cache
     * @param turns model round-trips
     * @param costUsd the sum of the sessions' own costs
     * @param agentTime the sum of the sessions' durations
     */
    public TaskMetrics {
        if (iterations < 0
                || sessions < 0
                || inputTokens < 0
                || outputTokens < 0
                || cacheCreationTokens < 0
                || cacheReadTokens < 0
                || turns < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (iterations > sessions) {
            throw new IllegalArgumentException(
                    "iterations (" + iterations + ") cannot exceed sessions (" + sessions + ")");
        }
        costUsd = requireNonNull(costUsd, "costUsd");
        // The precision the store's records keep, so that every store returns exactly what it was given.
        costUsd = costUsd.signum() == 0 ? BigDecimal.ZERO : costUsd.stripTrailingZeros();
        agentTime = requireNonNull(agentTime, "agentTime").truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Returns the metrics of the given sessions, summed in Java; stores use SQL for the same.
     *
     * @param records the records
     * @return the metrics of the given sessions, summed in Java; stores use SQL for the same
     */
    public static TaskMetrics of(Collection<SessionRecord> records) {
        long in = 0;
        long out = 0;
        long create = 0;
        long read = 0;
        long turns = 0;
        BigDecimal cost = BigDecimal.ZERO;
        Duration time = Duration.ZERO;
        for (SessionRecord s : records) {
            in += s.usage().inputTokens();
            out += s.usage().outputTokens();
            create += s.usage().cacheCreationInputTokens();
            read += s.usage().cacheReadInputTokens();
            turns += s.numTurns();
            cost = cost.add(s.costUsd());
            time = time.plus(s.duration());
        }
        int iterations = (int)
                records.stream().mapToInt(SessionRecord::iteration).distinct().count();
        return new TaskMetrics(iterations, records.size(), in, out, create, read, turns, cost, time);
    }

    /**
     * Returns the sum of the four token kinds.
     *
     * @return the sum of the four token kinds
     */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheCreationTokens + cacheReadTokens;
    }

    /**
     * Returns the total tokens divided by the iterations, 0 when there were none.
     *
     * @return the total tokens divided by the iterations, 0 when there were none
     */
    public double avgTokensPerIteration() {
        return iterations == 0 ? 0.0 : (double) totalTokens() / iterations;
    }
}
