package dev.obra.orchestrator;

/**
 * Writes the prompt for one agent invocation. The default is {@link PromptTemplate#defaultTemplate()}.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PromptBuilder {

    /**
     * Returns the prompt, not blank.
     *
     * @param context what the prompt is built from
     * @return the prompt, not blank
     */
    String build(PromptContext context);
}
