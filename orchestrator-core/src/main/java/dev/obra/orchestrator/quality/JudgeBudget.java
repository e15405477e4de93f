package dev.obra.orchestrator.quality;

/**
 * How long the judge's prompt may be, so that it fits a local model's context window with room for the answer.
 * The change's diff gets what the rest of the prompt leaves: whole small files first, then pieces of big ones,
 * every cut marked with what was left out; the list of changed files is always complete.
 *
 * @param chars the most characters the prompt (system prompt included) may have, at least {@link #MIN_CHARS}
 */
public record JudgeBudget(int chars) {
    /** Characters per token assumed when a budget is given in tokens: code and JSON run about 3. */
    public static final int CHARS_PER_TOKEN = 3;
    /** The smallest budget: room for the task, a short answer and the file list. */
    public static final int MIN_CHARS = 2_000;
    /**
     * 6,144 estimated tokens (18,432 characters): fits a model with an 8k-token window with 2,048 tokens left for
     * the answer ({@link QualityController#JUDGE_MAX_TOKENS} and a margin).
     */
    public static final JudgeBudget DEFAULT = ofTokens(6_144);

    /**
     * Creates the budget, checking it.
     *
     * @param chars the most characters the prompt (system prompt included) may have, at least {@link #MIN_CHARS}
     */
    public JudgeBudget {
        if (chars < MIN_CHARS) {
            throw new IllegalArgumentException("a judge budget must be >= " + MIN_CHARS + " characters, was " + chars);
        }
    }

    /**
     * Returns a budget of {@code chars} characters.
     *
     * @param chars the most characters the judge's prompt may have, at least {@link #MIN_CHARS}
     * @return a budget of exactly {@code chars} characters
     */
    public static JudgeBudget ofChars(int chars) {
        return new JudgeBudget(chars);
    }

    /**
     * Returns a budget of about {@code tokens} tokens, counted as {@value #CHARS_PER_TOKEN} characters each.
     *
     * @param tokens the estimated tokens the judge's prompt may take, at least 1
     * @return a budget of {@code tokens} times {@value #CHARS_PER_TOKEN} characters
     */
    public static JudgeBudget ofTokens(int tokens) {
        if (tokens < 1 || tokens > Integer.MAX_VALUE / CHARS_PER_TOKEN) {
            throw new IllegalArgumentException(
                    "tokens must be in 1.." + Integer.MAX_VALUE / CHARS_PER_TOKEN + ", was " + tokens);
        }
        return new JudgeBudget(tokens * CHARS_PER_TOKEN);
    }
}
