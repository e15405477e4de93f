package dev.obra.orchestrator.llm.ollama;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import dev.obra.orchestrator.testing.LoopbackJudge;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The window Ollama is asked for, and what the client makes of a prompt the server read only in part. */
class OllamaContextWindowIT {
    private final MockWebServer server = TestHttp.loopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String answer(String message, int promptTokens) {
        return LoopbackJudge.ollamaChatAnswer("m", message, "stop", promptTokens, 12);
    }

    private OllamaClient.Builder builder() {
        return OllamaClient.builder()
                .baseUrl(TestHttp.url(server, ""))
                .model("m")
                .firstByteTimeout(Duration.ofSeconds(10));
    }

    @Test
    void aLongPromptGetsAWindowThatHoldsItAndTheAnswer() throws Exception {
        server.enqueue(json(200, answer("{\"role\":\"assistant\",\"content\":\"ok\"}", 20_000)));
        String prompt = "x".repeat(60_000);

        LlmResponse response;
        try (OllamaClient client = builder().build()) {
            response = client.complete(LlmRequest.of(prompt).withMaxTokens(1024));
        }

        Map<String, Object> sent = body(server.takeRequest());
        // 60,000 characters are at most 20,000 tokens; with the answer that needs more than 16k.
        assertThat(sent.get("options")).isEqualTo(Map.of("num_predict", 1024.0, "num_ctx", 32768.0));
        assertThat(response.promptTruncated()).isFalse();
    }

    @Test
    void theUsersContextWindowIsSentAsIsAndAPromptReadInPartIsFlagged() throws Exception {
        server.enqueue(json(200, answer("{\"role\":\"assistant\",\"content\":\"ok\"}", 2048)));

        LlmResponse response;
        try (OllamaClient client = builder().contextWindow(2048).build()) {
            response = client.complete(LlmRequest.of("y".repeat(40_000)));
        }

        assertThat(body(server.takeRequest()).get("options")).isEqualTo(Map.of("num_ctx", 2048.0));
        assertThat(response.promptTruncated()).isTrue();
        assertThat(response.promptTokens()).isEqualTo(2048);
    }

    @Test
    void aThinkingTraceIsKeptApartFromTheAnswer() throws Exception {
        server.enqueue(json(
                200,
                answer(
                        "{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"The verdict: "
                                + "{\\\"score\\\": 0.4}\"}",
                        40)));

        LlmResponse response;
        try (OllamaClient client = builder().build()) {
            response = client.complete(LlmRequest.of("Grade this"));
        }

        assertThat(response.text()).isEmpty();
        assertThat(response.reasoning()).isEqualTo("The verdict: {\"score\": 0.4}");
    }
}
