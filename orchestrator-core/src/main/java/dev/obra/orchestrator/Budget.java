package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Limits on what one task may spend. The orchestrator checks them between iterations and passes what is left to
 * the agent, so that one long agent call cannot overshoot the wall time by much.
 *
 * @param maxCostUsd  the most the task may cost, in US dollars, as the agent reports it
 * @param maxTokens   the most tokens (all four kinds) the task may use
 * @param maxWallTime the longest the task may run
 */
public record Budget(Optional<BigDecimal> maxCostUsd, OptionalLong maxTokens, Optional<Duration> maxWallTime) {
    /** No limits. */
    public static final Budget UNLIMITED = new Budget(Optional.empty(), OptionalLong.empty(), Optional.empty());

    /**
     * Creates the value, checking its components.
     *
     * @param maxCostUsd the most the task may cost, in US dollars, as the agent reports it
     * @param maxTokens the most tokens (all four kinds) the task may use
     * @param maxWallTime the longest the task may run
     */
    public Budget {
        requireNonNull(maxCostUsd, "maxCostUsd");
        requireNonNull(maxTokens, "maxTokens");
        requireNonNull(maxWallTime, "maxWallTime");
        maxCostUsd.ifPresent(c -> {
            if (c.signum() <= 0) {
                throw new IllegalArgumentException("maxCostUsd must be > 0, was " + c);
            }
        });
        if (maxTokens.isPresent() && maxTokens.getAsLong() <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens.getAsLong());
        }
        maxWallTime.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("maxWallTime must be > 0, was " + t);
            }
        });
    }

    /**
     * Returns a budget that limits only the cost.
     *
     * @param maxCostUsd the max cost usd
     * @return a budget that limits only the cost
     */
    public static Budget ofCost(BigDecimal maxCostUsd) {
        return UNLIMITED.withMaxCostUsd(maxCostUsd);
    }

    /**
     * Returns a copy with the given cost limit.
     *
     * @param usd an amount in US dollars
     * @return a copy with the given cost limit
     */
    public Budget withMaxCostUsd(BigDecimal usd) {
        return new Budget(Optional.of(requireNonNull(usd, "usd")), maxTokens, maxWallTime);
    }

    /**
     * Returns a copy with the given token limit.
     *
     * @param tokens the tokens
     * @return a copy with the given token limit
     */
    public Budget withMaxTokens(long tokens) {
        return new Budget(maxCostUsd, OptionalLong.of(tokens), maxWallTime);
    }

    /**
     * Returns a copy with the given wall-time limit.
     *
     * @param wallTime the wall time
     * @return a copy with the given wall-time limit
     */
    public Budget withMaxWallTime(Duration wallTime) {
        return new Budget(maxCostUsd, maxTokens, Optional.of(requireNonNull(wallTime, "wallTime")));
    }
}
