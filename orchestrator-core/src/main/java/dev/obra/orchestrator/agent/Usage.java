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
     * Returns the kind-by-kind sum of this and {@code other}.
     *
     * @param other the usage to add
     * @return the kind-by-kind sum of this and {@code other}
     */
    public Usage plus(Usage other) {
        return new Usage(
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cacheCreationInputTokens + other.cacheCreationInputTokens,
                cacheReadInputTokens + other.cacheReadInputTokens);
    }
}
