package dev.obra.orchestrator.llm;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToTwo;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One request to a model. Settings left empty fall back to the client's configuration.
 *
 * @param system         the system prompt
 * @param messages       the conversation, at least one message
 * @param temperature    the sampling temperature, 0..2
 * @param maxTokens      the most tokens the answer may have
 * @param responseFormat the shape the answer must take
 */
public record LlmRequest(
        Optional<String> system,
        List<LlmMessage> messages,
        OptionalDouble temperature,
        OptionalInt maxTokens,
        ResponseFormat responseFormat) {

    /**
     * Creates the value, checking its components.
     *
     * @param system the system prompt
     * @param messages the conversation, at least one message
     * @param temperature the sampling temperature, 0..2
     * @param maxTokens the most tokens the answer may have
     * @param responseFormat the shape the answer must take
     */
    public LlmRequest {
        requireNonNull(system, "system");
        messages = List.copyOf(requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        requireNonNull(temperature, "temperature");
        temperature.ifPresent(t -> requireZeroToTwo(t, "temperature"));
        requireNonNull(maxTokens, "maxTokens");
        maxTokens.ifPresent(n -> requireAtLeast(n, 1, "maxTokens"));
        requireNonNull(responseFormat, "responseFormat");
    }

    /**
     * Returns a free-text request with one user message.
     *
     * @param userPrompt the user prompt
     * @return a free-text request with one user message
     */
    public static LlmRequest of(String userPrompt) {
        return new LlmRequest(
                Optional.empty(),
                List.of(LlmMessage.user(userPrompt)),
                OptionalDouble.empty(),
                OptionalInt.empty(),
                ResponseFormat.TEXT);
    }

    /**
     * Returns a copy with the given system prompt.
     *
     * @param systemPrompt the system prompt
     * @return a copy with the given system prompt
     */
    public LlmRequest withSystem(String systemPrompt) {
        return new LlmRequest(
                Optional.of(requireNonNull(systemPrompt, "systemPrompt")),
                messages,
                temperature,
                maxTokens,
                responseFormat);
    }

    /**
     * Returns a copy with the given temperature.
     *
     * @param value the temperature
     * @return a copy with the given temperature
     */
    public LlmRequest withTemperature(double value) {
        return new LlmRequest(system, messages, OptionalDouble.of(value), maxTokens, responseFormat);
    }

    /**
     * Returns a copy whose answer may have at most the given number of tokens.
     *
     * @param tokens the tokens
     * @return a copy whose answer may have at most the given number of tokens
     */
    public LlmRequest withMaxTokens(int tokens) {
        return new LlmRequest(system, messages, temperature, OptionalInt.of(tokens), responseFormat);
    }

    /**
     * Returns a copy that asks for the given format.
     *
     * @param format the format
     * @return a copy that asks for the given format
     */
    public LlmRequest withResponseFormat(ResponseFormat format) {
        return new LlmRequest(system, messages, temperature, maxTokens, requireNonNull(format, "format"));
    }

    /**
     * Returns a copy with the given messages added to the conversation.
     *
     * @param more the more
     * @return a copy with the given messages added to the conversation
     */
    public LlmRequest withMessages(LlmMessage... more) {
        List<LlmMessage> all = new ArrayList<>(messages);
        all.addAll(List.of(more));
        return new LlmRequest(system, all, temperature, maxTokens, responseFormat);
    }
}
