package dev.obra.orchestrator.llm;

import static java.util.Objects.requireNonNull;

/**
 * One turn of a conversation with the model.
 *
 * @param role    who speaks
 * @param content what is said
 */
public record LlmMessage(Role role, String content) {

    /** Who speaks. The system prompt is {@link LlmRequest#system()}, not a message. */
    public enum Role {
        /**
         * The user: the prompt and what is asked of the model.
         */
        USER,
        /**
         * The model: an earlier answer.
         */
        ASSISTANT
    }

    /**
     * Creates the value, checking its components.
     *
     * @param role who speaks
     * @param content what is said
     */
    public LlmMessage {
        requireNonNull(role, "role");
        requireNonNull(content, "content");
    }

    /**
     * Returns a user message.
     *
     * @param content the content
     * @return a user message
     */
    public static LlmMessage user(String content) {
        return new LlmMessage(Role.USER, content);
    }

    /**
     * Returns an assistant message, for example an earlier answer the model is asked to repair.
     *
     * @param content the content
     * @return an assistant message, for example an earlier answer the model is asked to repair
     */
    public static LlmMessage assistant(String content) {
        return new LlmMessage(Role.ASSISTANT, content);
    }
}
