package dev.obra.orchestrator.llm.ollama;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static dev.obra.orchestrator.llm.GradingRequest.SCHEMA;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.obra.orchestrator.llm.GradingRequest;
import dev.obra.orchestrator.llm.LlmClientContract;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmException.Kind;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class OllamaClientIT extends LlmClientContract<OllamaClient, OllamaClient.Builder> {
    private static final String ANSWER = "{\"model\":\"qwen2.5-coder:7b\",\"created_at\":\"2025-01-01T10:00:00Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"score\\\":0.82}\"},\"done\":true,"
            + "\"done_reason\":\"stop\",\"total_duration\":5300000000,\"load_duration\":3900000000,"
            + "\"prompt_eval_count\":412,\"prompt_eval_duration\":700000000,\"eval_count\":38,"
            + "\"eval_duration\":650000000}";

    OllamaClientIT() {
        super(new ServerKind("", "ollama serve", new Answer(ANSWER, "{\"score\":0.82}", 38)), OllamaClient::stream);
    }

    @Override
    protected OllamaClient.Builder builder(String baseUrl) {
        return OllamaClient.builder().baseUrl(baseUrl).model("qwen2.5-coder:7b").sleeper(sleeps::add);
    }

    @Override
    protected String errorBody(String message) {
        return "{\"error\":\"" + message + "\"}";
    }

    @Override
    protected String streamPiece(String text) {
        return line(text, false);
    }

    @Override
    protected String streamEnd(String text) {
        return line(text, true);
    }

    @Override
    protected MockResponse.Builder streamResponse() {
        return new MockResponse.Builder();
    }

    private static String line(String content, boolean done) {
        return "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":" + done
                + (done ? ",\"done_reason\":\"stop\",\"prompt_eval_count\":40,\"eval_count\":12" : "") + "}\n";
    }

    @Test
    void completeSendsTheChatRequestAndReadsTheAnswer() throws Exception {
        server.enqueue(json(200, ANSWER));
        OllamaClient client = client(builder().keepAlive(Duration.ofMinutes(10)).contextWindow(8192));

        LlmResponse response = client.complete(judgeRequest());

        assertThat(response.text()).isEqualTo("{\"score\":0.82}");
        assertThat(response.model()).isEqualTo("qwen2.5-coder:7b");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.promptTokens()).isEqualTo(412);
        assertThat(response.completionTokens()).isEqualTo(38);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        Map<String, Object> sent = body(request);
        assertThat(sent)
                .containsEntry("model", "qwen2.5-coder:7b")
                .containsEntry("stream", false)
                .containsEntry("keep_alive", "600s");
        assertThat(sent.get("messages")).isEqualTo(GradingRequest.MESSAGES);
        assertThat(sent.get("format")).isEqualTo(GradingRequest.SCHEMA_OBJECT);
        assertThat(sent.get("options")).isEqualTo(Map.of("temperature", 0.0, "num_predict", 512.0, "num_ctx", 8192.0));
    }

    @Test
    void aTextRequestSendsNoFormatAndOnlyTheContextWindow() throws Exception {
        server.enqueue(json(200, ANSWER));
        OllamaClient client = client(builder());

        client.generate("Say hello");

        Map<String, Object> sent = body(server.takeRequest());
        assertThat(sent).containsOnlyKeys("model", "messages", "stream", "options");
        assertThat(sent.get("options")).isEqualTo(Map.of("num_ctx", 4096.0));
    }

    @Test
    void streamDeliversPiecesAsTheyArriveWithUtf8SplitAcrossReads() throws Exception {
        String text = line("Grüße, ", false) + line("wörld 🎉", false);
        int split = text.substring(0, text.indexOf("🎉")).getBytes(UTF_8).length + 2; // inside the 4-byte emoji

        Streamed streamed = streamInTwoReads(
                new MockResponse.Builder().setHeader("Content-Type", "application/x-ndjson"),
                text + line("", true),
                split,
                LlmRequest.of("greet"));

        assertThat(streamed.pieces()).containsExactly("Grüße, ", "wörld 🎉");
        LlmResponse response = streamed.response();
        assertThat(response.text()).isEqualTo("Grüße, wörld 🎉");
        assertThat(response.promptTokens()).isEqualTo(40);
        assertThat(response.completionTokens()).isEqualTo(12);
        assertThat(body(server.takeRequest())).containsEntry("stream", true);
    }

    @Test
    void anErrorLineInsideA200StreamFailsTheCall() {
        server.enqueue(new MockResponse.Builder()
                .body(line("{\\\"sco", false)
                        + "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n")
                .build());
        OllamaClient client = client(builder());
        List<String> pieces = new CopyOnWriteArrayList<>();

        LlmException e =
                catchThrowableOfType(LlmException.class, () -> client.stream(LlmRequest.of("grade"), pieces::add));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("unexpected EOF").contains("after 5 characters");
        assertThat(pieces).containsExactly("{\"sco");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStreamThatEndsWithoutItsFinalObjectIsMalformed() {
        server.enqueue(
                new MockResponse.Builder().body(line("half an answer", false)).build());
        OllamaClient client = client(builder());

        assertThatThrownBy(() -> client.stream(LlmRequest.of("x"), piece -> {}))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE))
                .hasMessageContaining("ended without its final object");
    }

    @Test
    void aMissingModelFailsAtOnceAndNamesTheModelsTheServerHas() throws Exception {
        server.enqueue(json(404, "{\"error\":\"model 'qwen2.5-coder:7b' not found\"}"));
        server.enqueue(json(
                200,
                "{\"models\":[{\"name\":\"llama3:latest\",\"modified_at\":\"2025-01-01T10:00:00Z\","
                        + "\"size\":3825819519,\"digest\":\"abc\",\"details\":{\"format\":\"gguf\",\"family\":\"llama\"}},"
                        + "{\"name\":\"qwen3:8b\"}]}"));
        OllamaClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.httpStatus()).hasValue(404);
        assertThat(e.getMessage())
                .contains("Ollama at http://127.0.0.1:" + server.getPort())
                .contains("model qwen2.5-coder:7b")
                .contains("model 'qwen2.5-coder:7b' not found")
                .contains("llama3:latest, qwen3:8b");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/chat");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/tags");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRejectedSchemaFallsBackToJsonModeOnceForTheClientsLifetime() throws Exception {
        server.enqueue(json(400, "{\"error\":\"invalid format: expected \\\"json\\\" or a JSON schema\"}"));
        server.enqueue(json(200, ANSWER));
        server.enqueue(json(200, ANSWER));
        OllamaClient client = client(builder());

        client.complete(judgeRequest());
        client.complete(judgeRequest());

        assertThat(body(server.takeRequest()).get("format")).isInstanceOf(Map.class);
        Map<String, Object> fallback = body(server.takeRequest());
        assertThat(fallback).containsEntry("format", "json");
        assertThat(fallback.get("messages").toString())
                .contains("You grade code.")
                .contains(SCHEMA);
        assertThat(body(server.takeRequest())).containsEntry("format", "json");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a400ThatIsNotAboutTheFormatIsABadRequestAndIsNotRetried() {
        server.enqueue(json(400, "{\"error\":\"invalid message role: tool\"}"));
        OllamaClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.httpStatus()).hasValue(400);
        assertThat(e.getMessage()).contains("invalid message role: tool");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsAMalformedResponse() {
        server.enqueue(json(200, "{\"model\":\"m\",\"message\":{\"content\":\"hi\"},\"done\":tru"));
        OllamaClient client = client(builder());

        assertThatThrownBy(() -> client.complete(judgeRequest()))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE))
                .hasMessageContaining("is not the JSON this server sends");
    }

    @Test
    void anAnswerCutOffAtTheTokenLimitIsTruncated() {
        server.enqueue(json(
                200,
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"{\\\"score\\\": 0.8, \\\"issues\\\": [\\\"the te\"},\"done\":true,\"done_reason\":\"length\","
                        + "\"eval_count\":512}"));
        OllamaClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.getMessage()).contains("after 512 tokens");
    }

    @Test
    void listModelsAndIsAvailableReadTheServersProbes() throws Exception {
        server.enqueue(json(200, "{\"version\":\"0.6.2\"}"));
        server.enqueue(json(200, "{\"models\":[{\"name\":\"llama3:latest\"},{\"name\":\"qwen3:8b\"}]}"));
        OllamaClient client = client(builder());

        assertThat(client.isAvailable()).isTrue();
        assertThat(client.listModels()).containsExactly("llama3:latest", "qwen3:8b");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/version");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/tags");
    }

    @Test
    void toBuilderKeepsTheSettings() throws Exception {
        server.enqueue(json(200, ANSWER));
        OllamaClient original = client(builder().keepAlive(Duration.ZERO).temperature(0.3));

        OllamaClient copy = client(original.toBuilder());
        copy.generate("hi");

        Map<String, Object> sent = body(server.takeRequest());
        assertThat(sent)
                .containsEntry("model", "qwen2.5-coder:7b")
                .containsEntry("keep_alive", 0.0)
                .containsEntry("options", Map.of("temperature", 0.3, "num_ctx", 4096.0));
        assertThat(copy.toString()).contains("model qwen2.5-coder:7b");
    }
}
