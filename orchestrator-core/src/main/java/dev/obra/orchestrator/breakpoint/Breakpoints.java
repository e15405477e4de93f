package dev.obra.orchestrator.breakpoint;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToOne;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;

/** The built-in breakpoints. */
public final class Breakpoints {
    private Breakpoints() {}

    /**
     * Pauses when the task's cost exceeds {@code usd}.
     *
     * @param usd an amount in US dollars
     * @return the breakpoint
     */
    public static Breakpoint costAbove(BigDecimal usd) {
        requireNonNull(usd, "usd");
        return new Breakpoint(
                "costAbove",
                "cost above $" + usd.toPlainString(),
                c -> c.metrics().costUsd().compareTo(usd) > 0);
    }

    /**
     * Pauses when the task's tokens (all four kinds) exceed {@code tokens}.
     *
     * @param tokens the tokens
     * @return the breakpoint
     */
    public static Breakpoint tokensAbove(long tokens) {
        return new Breakpoint(
                "tokensAbove", "tokens above " + tokens, c -> c.metrics().totalTokens() > tokens);
    }

    /**
     * Pauses when the last iteration's quality score is below {@code score}.
     *
     * @param score the score
     * @return the breakpoint
     */
    public static Breakpoint qualityBelow(double score) {
        requireZeroToOne(score, "score");
        return new Breakpoint(
                "qualityBelow",
                "quality below " + score,
                c -> c.quality().map(q -> q.score() < score).orElse(false));
    }

    /**
     * Pauses when {@code count} iterations in a row ended without an accepted result.
     *
     * @param count the count
     * @return the breakpoint
     */
    public static Breakpoint consecutiveFailures(int count) {
        requireAtLeast(count, 1, "count");
        return new Breakpoint(
                "consecutiveFailures",
                count + " consecutive iterations without an accepted result",
                c -> c.consecutiveFailures() >= count);
    }

    /**
     * Pauses when the task has run longer than {@code limit}.
     *
     * @param limit the limit
     * @return the breakpoint
     */
    public static Breakpoint elapsedAbove(Duration limit) {
        requireNonNull(limit, "limit");
        return new Breakpoint(
                "elapsedAbove", "elapsed time above " + limit, c -> c.elapsed().compareTo(limit) > 0);
    }
}
