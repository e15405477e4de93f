package dev.obra.orchestrator.llm.openai;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static dev.obra.orchestrator.llm.GradingRequest.SCHEMA;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.GradingRequest;
import dev.obra.orchestrator.llm.LlmClientContract;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmException.Kind;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import dev.obra.orchestrator.llm.ResponseFormat;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleClientIT extends LlmClientContract<OpenAiCompatibleClient, OpenAiCompatibleClient.Builder> {
    private static final String COMPLETION = "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion\","
            + "\"created\":1735725600,\"model\":\"local-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"{\\\"score\\\":0.8}\",\"reasoning_content\":\"I looked.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":21,"
            + "\"total_tokens\":433},\"timings\":{\"prompt_n\":412,\"predicted_n\":21,\"cache_n\":0}}";
    private static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-coder:7b\",\"object\":"
            + "\"model\",\"created\":1735725600,\"owned_by\":\"library\"},{\"id\":\"llama3.2\",\"object\":\"model\"}]}";

    OpenAiCompatibleClientIT() {
        super(
                new ServerKind("/v1", "end in /v1", new Answer(COMPLETION, "{\"score\":0.8}", 21)),
                OpenAiCompatibleClient::stream);
    }

    @Override
    protected OpenAiCompatibleClient.Builder builder(String baseUrl) {
        return OpenAiCompatibleClient.builder()
                .baseUrl(baseUrl)
                .model("local-model")
                .sleeper(sleeps::add);
    }

    @Override
    protected String errorBody(String message) {
        return "{\"error\":{\"message\":\"" + message + "\"}}";
    }

    @Override
    protected String streamPiece(String text) {
        return chunk("{\"content\":\"" + text + "\"}", "null");
    }

    @Override
    protected String streamEnd(String text) {
        return streamPiece(text) + chunk("{}", "\"stop\"") + "data: [DONE]\n\n";
    }

    @Override
    protected MockResponse.Builder streamResponse() {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream");
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body(body)
                .build();
    }

    private static final String USAGE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":12,"
            + "\"total_tokens\":52}}\n\n";

    @Test
    void completeSendsTheChatCompletionAndReadsTheAnswer() throws Exception {
        server.enqueue(json(200, COMPLETION));
        OpenAiCompatibleClient client = client(builder().apiKey("sk-local-secret"));

        LlmResponse response = client.complete(judgeRequest());

        assertThat(response.text()).isEqualTo("{\"score\":0.8}");
        assertThat(response.model()).isEqualTo("local-model");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.promptTokens()).isEqualTo(412);
        assertThat(response.completionTokens()).isEqualTo(21);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-local-secret");
        Map<String, Object> sent = body(request);
        assertThat(sent)
                .containsOnlyKeys("model", "messages", "temperature", "max_tokens", "stream", "response_format");
        assertThat(sent)
                .containsEntry("model", "local-model")
                .containsEntry("temperature", 0.0)
                .containsEntry("max_tokens", 512.0)
                .containsEntry("stream", false);
        assertThat(sent.get("messages")).isEqualTo(GradingRequest.MESSAGES);
        assertThat(sent.get("response_format"))
                .isEqualTo(Map.of(
                        "type",
                        "json_schema",
                        "json_schema",
                        Map.of("name", "verdict", "strict", true, "schema", GradingRequest.SCHEMA_OBJECT)));
        assertThat(client.toString()).doesNotContain("sk-local-secret");
    }

    @Test
    void streamReadsServerSentEventsWithPingsUsageAndUtf8SplitAcrossReads() throws Exception {
        String events = ": ping\n\n" + chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk("{\"content\":\"Grüße, \"}", "null") + chunk("{\"content\":\"wörld 🎉\"}", "null")
                + chunk("{}", "\"stop\"") + USAGE + "data: [DONE]\n\n";
        int split = events.substring(0, events.indexOf("🎉")).getBytes(UTF_8).length + 1;

        Streamed streamed = streamInTwoReads(streamResponse(), events, split, judgeRequest());

        assertThat(streamed.pieces()).containsExactly("Grüße, ", "wörld 🎉");
        LlmResponse response = streamed.response();
        assertThat(response.text()).isEqualTo("Grüße, wörld 🎉");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.promptTokens()).isEqualTo(40);
        assertThat(response.completionTokens()).isEqualTo(12);
        Map<String, Object> sent = body(server.takeRequest());
        assertThat(sent).containsEntry("stream", true).containsEntry("stream_options", Map.of("include_usage", true));
    }

    @Test
    void anErrorInsideA200StreamFailsTheCallInEachShape() {
        server.enqueue(sse(chunk("{\"content\":\"{\\\"sc\"}", "null")
                + "data: {\"error\":{\"message\":\"context size exceeded\",\"type\":\"server_error\"}}\n\n"));
        server.enqueue(sse(chunk("{\"content\":\"ab\"}", "null") + "event: error\n"
                + "data: {\"error\":{\"message\":\"the model crashed\"}}\n\n"));
        server.enqueue(sse("error: {\"message\":\"out of memory\"}\n\n"));
        OpenAiCompatibleClient client = client(builder());

        for (String expected : List.of("context size exceeded", "the model crashed", "out of memory")) {
            LlmException e =
                    catchThrowableOfType(LlmException.class, () -> client.stream(LlmRequest.of("x"), piece -> {}));
            assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
            assertThat(e.getMessage()).contains(expected);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aStreamThatEndsWithoutDoneIsMalformed() {
        server.enqueue(sse(chunk("{\"content\":\"half\"}", "null") + chunk("{}", "\"stop\"")));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.stream(LlmRequest.of("x"), piece -> {}));

        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("ended without data: [DONE] after 4 characters");
    }

    @Test
    void aStreamCutOffAtTheTokenLimitIsTruncated() {
        server.enqueue(sse(chunk("{\"content\":\"{\\\"score\\\": 0.\"}", "null") + chunk("{}", "\"length\"")
                + "data: [DONE]\n\n"));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.stream(judgeRequest(), piece -> {}));

        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void aMissingModelFailsAtOnceAndNamesTheModelsTheServerHas() throws Exception {
        server.enqueue(json(
                404,
                "{\"error\":{\"message\":\"model \\\"local-model\\\" not found, try pulling it "
                        + "first\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}"));
        server.enqueue(json(200, MODELS));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.httpStatus()).hasValue(404);
        assertThat(e.getMessage())
                .contains("model \"local-model\" not found")
                .contains("The server has: qwen2.5-coder:7b, llama3.2");
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aVllmModelThatDoesNotExistIsAlsoAMissingModel() {
        server.enqueue(json(
                404,
                "{\"object\":\"error\",\"message\":\"The model `local-model` does not exist.\","
                        + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}"));
        server.enqueue(json(200, MODELS));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("does not exist").contains("qwen2.5-coder:7b");
    }

    @Test
    void a404ForAWrongPathSaysToCheckTheBaseUrl() {
        server.enqueue(
                new MockResponse.Builder().code(404).body("File Not Found").build());
        OpenAiCompatibleClient client = client(builder().baseUrl(TestHttp.url(server, "")));

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.getMessage())
                .contains("File Not Found")
                .contains("is the base URL right?")
                .contains("POST /chat/completions");
    }

    @Test
    void aRejectedJsonSchemaFallsBackToJsonObjectWithTheSchemaInThePrompt() throws Exception {
        server.enqueue(json(
                400,
                "{\"error\":{\"code\":400,\"message\":\"Unsupported response_format type: "
                        + "json_schema\",\"type\":\"invalid_request_error\"}}"));
        server.enqueue(json(200, COMPLETION));
        server.enqueue(json(200, COMPLETION));
        OpenAiCompatibleClient client = client(builder());

        client.complete(judgeRequest());
        client.complete(judgeRequest());

        assertThat(body(server.takeRequest()).get("response_format")).asString().contains("json_schema");
        Map<String, Object> fallback = body(server.takeRequest());
        assertThat(fallback.get("response_format")).isEqualTo(Map.of("type", "json_object"));
        assertThat(fallback.get("messages").toString())
                .contains("You grade code.")
                .contains(SCHEMA);
        assertThat(body(server.takeRequest()).get("response_format")).isEqualTo(Map.of("type", "json_object"));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void lmStudioRejectingJsonObjectGetsThePromptInstructionInstead() throws Exception {
        server.enqueue(json(400, "{\"error\":\"'response_format.type' must be 'json_schema' or 'text'\"}"));
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, COMPLETION));
        }
        OpenAiCompatibleClient client = client(builder());
        LlmRequest jsonMode = LlmRequest.of("Grade").withResponseFormat(ResponseFormat.JSON);

        client.complete(jsonMode);
        client.complete(jsonMode);
        client.complete(judgeRequest());

        assertThat(body(server.takeRequest())).containsEntry("response_format", Map.of("type", "json_object"));
        Map<String, Object> fallback = body(server.takeRequest());
        assertThat(fallback).doesNotContainKey("response_format");
        assertThat(fallback.get("messages").toString()).contains("Reply with only JSON.");
        assertThat(body(server.takeRequest())).doesNotContainKey("response_format");
        assertThat(body(server.takeRequest()).get("response_format")).asString().contains("json_schema");
    }

    @Test
    void a400ThatIsNotAboutTheFormatIsNotRetriedInAWeakerMode() {
        server.enqueue(json(
                400,
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 "
                        + "tokens\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("maximum context length is 4096 tokens");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a503WhileTheModelLoadsIsRetriedThenSucceeds() {
        server.enqueue(json(
                503, "{\"error\":{\"code\":503,\"message\":\"Loading model\"," + "\"type\":\"unavailable_error\"}}"));
        server.enqueue(json(200, COMPLETION));
        OpenAiCompatibleClient client = client(builder());

        assertThat(client.complete(judgeRequest()).completionTokens()).isEqualTo(21);
        assertThat(sleeps).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aMissingApiKeyIsReportedWithoutRetrying() {
        server.enqueue(json(
                401,
                "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\"," + "\"type\":\"authentication_error\"}}"));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("Invalid API Key").contains("set apiKey");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void malformedJsonAndAnAnswerWithoutChoicesAreMalformed() {
        server.enqueue(json(200, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"hi\"}"));
        server.enqueue(json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
        OpenAiCompatibleClient client = client(builder());

        for (int i = 0; i < 2; i++) {
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        }
    }

    @Test
    void aCompletionCutOffAtTheTokenLimitIsTruncated() {
        server.enqueue(json(200, COMPLETION.replace("\"stop\"", "\"length\"")));
        OpenAiCompatibleClient client = client(builder());

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.getMessage()).contains("after 21 tokens");
    }

    @Test
    void isAvailableIsFalseWhileLlamaServerLoadsAndListModelsReadsV1Models() throws Exception {
        server.enqueue(json(
                503, "{\"error\":{\"code\":503,\"message\":\"Loading model\"," + "\"type\":\"unavailable_error\"}}"));
        server.enqueue(json(200, MODELS));
        server.enqueue(json(200, "{\"status\":\"ok\"}")); // GET /v1/health, asked once the models answer
        server.enqueue(json(200, MODELS));
        OpenAiCompatibleClient client = client(builder().apiKey("k"));

        assertThat(client.isAvailable()).isFalse();
        assertThat(client.isAvailable()).isTrue();
        assertThat(client.listModels()).containsExactly("qwen2.5-coder:7b", "llama3.2");
        RecordedRequest probe = server.takeRequest();
        assertThat(probe.getUrl().encodedPath()).isEqualTo("/v1/models");
        assertThat(probe.getHeaders().get("Authorization")).isEqualTo("Bearer k");
    }

    @Test
    void toBuilderKeepsTheApiKeyAndModel() throws Exception {
        server.enqueue(json(200, COMPLETION));
        OpenAiCompatibleClient original = client(builder().apiKey("k2").temperature(0.2));

        client(original.toBuilder()).generate("hi");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer k2");
        assertThat(body(request)).containsEntry("model", "local-model").containsEntry("temperature", 0.2);
    }
}
