package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.internal.llm.LlmClientBuilder;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.llm.openai.OpenAiCompatibleClient;
import dev.obra.orchestrator.quality.QualityController;
import dev.obra.orchestrator.quality.QualityInput;
import dev.obra.orchestrator.quality.QualityScore;
import java.time.Duration;
import mockwebserver3.MockWebServer;

/**
 * Judge clients for a loopback {@link MockWebServer} that plays the judge, and the JSON its answers quote. The
 * clients give up after a 10 s first-byte timeout, so that a test that forgets to enqueue an answer fails fast.
 */
public final class LoopbackJudge {
    private static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(10);

    private LoopbackJudge() {}

    /**
     * Returns an Ollama client of {@code server}.
     *
     * @param server the server that plays Ollama, at its root
     * @param model the model to ask for
     * @return the client; the caller closes it
     */
    public static OllamaClient ollama(MockWebServer server, String model) {
        return loopback(OllamaClient.builder(), server, "", model);
    }

    /**
     * Returns an OpenAI-compatible client of {@code server}, whose API is below {@code /v1}.
     *
     * @param server the server that plays an OpenAI-compatible one
     * @param model the model to ask for
     * @return the client; the caller closes it
     */
    public static OpenAiCompatibleClient openAi(MockWebServer server, String model) {
        return loopback(OpenAiCompatibleClient.builder(), server, "/v1", model);
    }

    private static <B extends LlmClientBuilder<B, C>, C> C loopback(
            B builder, MockWebServer server, String basePath, String model) {
        return builder.baseUrl(TestHttp.url(server, basePath))
                .model(model)
                .firstByteTimeout(FIRST_BYTE_TIMEOUT)
                .build();
    }

    /**
     * Has the quality controller judge {@code input} with an Ollama client of {@code server}, closed afterwards.
     *
     * @param server the server that plays Ollama, at its root
     * @param model the model to ask for
     * @param input what is judged
     * @return the score
     */
    public static QualityScore judgeWithOllama(MockWebServer server, String model, QualityInput input) {
        try (OllamaClient judge = ollama(server, model)) {
            return QualityController.judgedBy(judge).evaluate(input);
        }
    }

    /**
     * Has the quality controller judge {@code input} with an OpenAI-compatible client of {@code server}, closed
     * afterwards.
     *
     * @param server the server that plays an OpenAI-compatible one
     * @param model the model to ask for
     * @param input what is judged
     * @return the score
     */
    public static QualityScore judgeWithOpenAi(MockWebServer server, String model, QualityInput input) {
        try (OpenAiCompatibleClient judge = openAi(server, model)) {
            return QualityController.judgedBy(judge).evaluate(input);
        }
    }

    /**
     * Returns the body of an Ollama {@code /api/chat} answer (not streamed) of {@code model}, created at
     * 2025-01-01T10:00:00Z.
     *
     * @param model the model that answers
     * @param message the message, a JSON object such as {@link #assistantMessage(String)} returns
     * @param doneReason why the model stopped, such as {@code stop} or {@code length}
     * @param promptTokens how many tokens of the prompt it read
     * @param evalTokens how many tokens it wrote
     * @return the JSON body
     */
    public static String ollamaChatAnswer(
            String model, String message, String doneReason, int promptTokens, int evalTokens) {
        return "{\"model\":" + jsonString(model) + ",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":" + message
                + ",\"done\":true,\"done_reason\":" + jsonString(doneReason) + ",\"prompt_eval_count\":" + promptTokens
                + ",\"eval_count\":" + evalTokens + "}";
    }

    /**
     * Returns an assistant's chat message whose content is {@code content}, as a JSON object.
     *
     * @param content the content
     * @return the JSON object
     */
    public static String assistantMessage(String content) {
        return "{\"role\":\"assistant\",\"content\":" + jsonString(content) + "}";
    }

    /**
     * Returns {@code text} as a JSON string literal, quoted, for an answer that carries it.
     *
     * @param text the text; backslashes, quotes and newlines are escaped
     * @return the JSON string literal
     */
    public static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
