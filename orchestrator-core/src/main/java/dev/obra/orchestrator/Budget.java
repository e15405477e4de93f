package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.argument.Arguments.requirePositive;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Limits on what one task may spend. The orchestrator checks them between agent sessions and passes what is left
 * to the agent, so that one long agent call cannot overshoot by much; a task that reaches one ends
 * {@link TaskStatus#BUDGET_EXCEEDED}.
 *
 * @param maxCostUsd  the most the task may cost, in US dollars, as the agent reports it
 * @param maxTokens   the most tokens (all four kinds) the task may use
 * @param maxWallTime the longest the task may run
 * @param maxTurns    the most model round-trips the task may take, counted over all its sessions: a hard cap, unlike
 *                    an agent's per-invocation turn limit (which continuations raise)
 */
public record Budget(
        Optional<BigDecimal> maxCostUsd, OptionalLong maxTokens, Optional<Duration> maxWallTime, OptionalInt maxTurns) {
    /** No limits. */
    public static final Budget UNLIMITED =
            new Budget(Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty());

    /**
     * Creates the value, checking its components.
     *
     * @param maxCostUsd the most the task may cost, in US dollars, as the agent reports it
     * @param maxTokens the most tokens (all four kinds) the task may use
     * @param maxWallTime the longest the task may run
     * @param maxTurns the most model round-trips the task may take, over all its sessions
     */
    public Budget {
        requireNonNull(maxCostUsd, "maxCostUsd");
        requireNonNull(maxTokens, "maxTokens");
        requireNonNull(maxWallTime, "maxWallTime");
        requireNonNull(maxTurns, "maxTurns");
        maxCostUsd.ifPresent(c -> {
            if (c.signum() <= 0) {
                throw new IllegalArgumentException("maxCostUsd must be > 0, was " + c);
            }
        });
        if (maxTokens.isPresent() && maxTokens.getAsLong() <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens.getAsLong());
        }
        maxWallTime.ifPresent(t -> requirePositive(t, "maxWallTime"));
        if (maxTurns.isPresent() && maxTurns.getAsInt() <= 0) {
            throw new IllegalArgumentException("maxTurns must be > 0, was " + maxTurns.getAsInt());
        }
    }

    /**
     * Creates a budget without a turn limit.
     *
     * @param maxCostUsd  the most the task may cost
     * @param maxTokens   the most tokens the task may use
     * @param maxWallTime the longest the task may run
     */
    public Budget(Optional<BigDecimal> maxCostUsd, OptionalLong maxTokens, Optional<Duration> maxWallTime) {
        this(maxCostUsd, maxTokens, maxWallTime, OptionalInt.empty());
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
        return new Budget(Optional.of(requireNonNull(usd, "usd")), maxTokens, maxWallTime, maxTurns);
    }

    /**
     * Returns a copy with the given token limit.
     *
     * @param tokens the tokens
     * @return a copy with the given token limit
     */
    public Budget withMaxTokens(long tokens) {
        return new Budget(maxCostUsd, OptionalLong.of(tokens), maxWallTime, maxTurns);
    }

    /**
     * Returns a copy with the given wall-time limit.
     *
     * @param wallTime the wall time
     * @return a copy with the given wall-time limit
     */
    public Budget withMaxWallTime(Duration wallTime) {
        return new Budget(maxCostUsd, maxTokens, Optional.of(requireNonNull(wallTime, "wallTime")), maxTurns);
    }

    /**
     * Returns a copy with the given turn limit, counted over all the task's sessions.
     *
     * @param turns the most model round-trips, at least 1
     * @return the copy
     * @throws IllegalArgumentException when {@code turns} is below 1
     */
    public Budget withMaxTurns(int turns) {
        return new Budget(maxCostUsd, maxTokens, maxWallTime, OptionalInt.of(turns));
    }

    /**
     * Returns which limit a task that has spent {@code spent} in {@code elapsed} has reached, if one is: wall time,
     * cost, tokens, then turns.
     *
     * @param spent   what the task's sessions have used so far
     * @param elapsed how long the task has run
     * @return a sentence naming the limit and what reached it; empty while every limit has room left
     */
    public Optional<String> exceededBy(TaskMetrics spent, Duration elapsed) {
        requireNonNull(spent, "spent");
        requireNonNull(elapsed, "elapsed");
        if (maxWallTime.isPresent() && elapsed.compareTo(maxWallTime.get()) >= 0) {
            return Optional.of("wall time " + elapsed + " reached the budget of " + maxWallTime.get());
        }
        if (maxCostUsd.isPresent() && spent.costUsd().compareTo(maxCostUsd.get()) >= 0) {
            return Optional.of("cost $" + spent.costUsd().toPlainString() + " reached the budget of $"
                    + maxCostUsd.get().toPlainString());
        }
        if (maxTokens.isPresent() && spent.totalTokens() >= maxTokens.getAsLong()) {
            return Optional.of(spent.totalTokens() + " tokens reached the budget of " + maxTokens.getAsLong());
        }
        if (maxTurns.isPresent() && spent.turns() >= maxTurns.getAsInt()) {
            return Optional.of(spent.turns() + " turns reached the budget of " + maxTurns.getAsInt());
        }
        return Optional.empty();
    }
}
