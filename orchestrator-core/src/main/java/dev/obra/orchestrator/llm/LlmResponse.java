package dev.obra.orchestrator.llm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A model's complete answer.
 *
 * @param text             the answer, as the server sent it
 * @param model            the model that answered
 * @param finishReason     why generation stopped as the server said it ({@code stop}, ...); never {@code length}:
 *                         a truncated answer is an {@link LlmException}
 * @param promptTokens     input tokens, 0 when the server did not say
 * @param completionTokens output tokens, 0 when the server did not say
 * @param duration         the call's wall time on our side, retries included
 * @param reasoning        the reasoning trace a server sent apart from the answer ({@code message.thinking},
 *                         {@code reasoning_content}, {@code reasoning}); empty when it sent none
 * @param promptTruncated  whether the server read far fewer prompt tokens than the prompt has (Ollama drops the
 *                         beginning of a prompt longer than its context window without a word)
 */
public record LlmResponse(
        String text,
        String model,
        String finishReason,
        long promptTokens,
        long completionTokens,
        Duration duration,
        String reasoning,
        boolean promptTruncated) {

    /**
     * Creates the value, checking its components.
     *
     * @param text the answer, as the server sent it
     * @param model the model that answered
     * @param finishReason why generation stopped as the server said it ({@code stop}, ...); never {@code length}:
     *                     a truncated answer is an {@link LlmException}
     * @param promptTokens input tokens, 0 when the server did not say
     * @param completionTokens output tokens, 0 when the server did not say
     * @param duration the call's wall time on our side, retries included
     * @param reasoning the reasoning trace a server sent apart from the answer; empty when it sent none
     * @param promptTruncated whether the server read far fewer prompt tokens than the prompt has
     */
    public LlmResponse {
        requireNonNull(text, "text");
        requireNonNull(model, "model");
        requireNonNull(finishReason, "finishReason");
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must be >= 0, were " + promptTokens + " and " + completionTokens);
        }
        requireNonNull(duration, "duration");
        requireNonNull(reasoning, "reasoning");
    }
}
