package dev.obra.orchestrator.agent;

/**
 * Tokens used by one invocation, by kind.
 *
 * @param inputTokens              uncached input tokens
 * @param outputTokens             output tokens
 * @param cacheCreationInputTokens input tokens written to the prompt cache
 * @param cacheReadInputTokens     input tokens read from the prompt cache
 */
public record Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {
    /** No tokens. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /**
     * Creates the value, checking its components.
     *
     * @param inputTokens uncached input tokens
     * @param outputTokens output tokens
     * @param cacheCreationInputTokens input tokens written to the prompt cache
     * @param cacheReadInputTokens input tokens read from the prompt cache
     */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheCreationInputTokens < 0 || cacheReadInputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, were " + inputTokens + ", " + outputTokens
                    + ", " + cacheCreationInputTokens + ", " + cacheReadInputTokens);
        }
    }

    /**
     * Returns the sum of all four kinds.
     *
     * @return the sum of all four kinds
     */
    public long total() {
        return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
    }

    /**
     * Returns the kind-by-kind sum of this and {@code other}; a kind whose sum would overflow stops at
     * {@link Long#MAX_VALUE}.
     *
     * @param other the usage to add
     * @return the kind-by-kind sum of this and {@code other}, each kind at most {@link Long#MAX_VALUE}
     */
    public Usage plus(Usage other) {
        return new Usage(
                saturated(inputTokens, other.inputTokens),
                saturated(outputTokens, other.outputTokens),
                saturated(cacheCreationInputTokens, other.cacheCreationInputTokens),
                saturated(cacheReadInputTokens, other.cacheReadInputTokens));
    }

    /** Adds two counts of at least 0, stopping at {@code Long.MAX_VALUE} where the sum would overflow. */
    private static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
